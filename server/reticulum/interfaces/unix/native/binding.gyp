{
  "targets": [
    {
      "target_name": "abstract_socket",
      "sources": ["src/abstract_socket.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
