// SPDX-License-Identifier: MIT
// Linux abstract-namespace unix stream sockets with the exact address length RNS uses.
// node:net pads abstract names with NULs to the full sun_path, so it can neither reach nor offer
// `\0rns/default` as Python binds it. This addon only creates the socket (bind+listen, or connect)
// and hands the file descriptor to Node, which then runs it as an ordinary pipe handle.
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <node_api.h>

#define MAX_NAME (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

static napi_value throw_errno(napi_env env, const char *syscall, int err) {
  napi_value code, msg, error;
  char text[160];
  snprintf(text, sizeof text, "%s: %s", syscall, strerror(err));
  const char *name = err == ECONNREFUSED ? "ECONNREFUSED" : err == EADDRINUSE ? "EADDRINUSE" : err == ENOENT ? "ENOENT"
                   : err == EAGAIN ? "EAGAIN" : err == EACCES ? "EACCES" : "EUNKNOWN";
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  napi_set_named_property(env, error, "code", code);
  napi_throw(env, error);
  return NULL;
}

/* Reads the abstract name (without the leading NUL) into addr; returns the address length or 0. */
static socklen_t read_address(napi_env env, napi_value arg, struct sockaddr_un *addr) {
  size_t len = 0;
  memset(addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  if (napi_get_value_string_utf8(env, arg, addr->sun_path + 1, MAX_NAME, &len) != napi_ok || len == 0 || len >= MAX_NAME) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "abstract socket name must be a non-empty string shorter than sun_path");
    return 0;
  }
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
}

static napi_value make_fd(napi_env env, int fd) {
  napi_value out;
  napi_create_int32(env, fd, &out);
  return out;
}

/* listen(name, backlog) -> fd */
static napi_value do_listen(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t backlog = 5;
  struct sockaddr_un addr;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1) return throw_errno(env, "listen", EINVAL);
  socklen_t alen = read_address(env, argv[0], &addr);
  if (alen == 0) return NULL;
  if (argc > 1) napi_get_value_int32(env, argv[1], &backlog);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (bind(fd, (struct sockaddr *)&addr, alen) < 0 || listen(fd, backlog) < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "bind", err);
  }
  return make_fd(env, fd);
}

/* connect(name) -> fd. A local stream connect completes at once or fails (EAGAIN: backlog full). */
static napi_value do_connect(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  struct sockaddr_un addr;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1) return throw_errno(env, "connect", EINVAL);
  socklen_t alen = read_address(env, argv[0], &addr);
  if (alen == 0) return NULL;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (connect(fd, (struct sockaddr *)&addr, alen) < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "connect", err);
  }
  return make_fd(env, fd);
}

/* close(fd): for descriptors Node never adopted (e.g. when wrapping fails). */
static napi_value do_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc > 0 && napi_get_value_int32(env, argv[0], &fd) == napi_ok && fd >= 0) close(fd);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"listen", NULL, do_listen, NULL, NULL, NULL, napi_default, NULL},
      {"connect", NULL, do_connect, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, do_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
