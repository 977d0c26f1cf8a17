#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The LXMF half of the conformance bridge protocol (server/conformance/PROTOCOL.md section 1) for the
Python reference, so Strand's bridge can be run against it scenario by scenario in both directions.

This is Strand's own test tool: it contains no reference code, it imports RNS and LXMF at run time
from PYTHONPATH (set from RNS_REFERENCE_PATH and LXMF_REFERENCE_PATH by the test that spawns it):
  PYTHONPATH=<Reticulum>:<LXMF> /usr/bin/python3 lxmf_bridge.py
Protocol: prints READY, then one JSON request per stdin line, one JSON answer per stdout line.
All logging goes to stderr.
"""
import json, os, shutil, sys, tempfile, threading, time

# stdout carries answers only: RNS and LXMF print, and LXMF forks stamp workers.
_OUT = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
_IN = os.fdopen(os.dup(0), "r", encoding="utf-8")
os.dup2(2, 1)
sys.stdout, sys.stdin = sys.stderr, open(os.devnull)

import RNS  # noqa: E402
import LXMF  # noqa: E402

STATES = {0x00: "generating", 0x01: "outbound", 0x02: "sending", 0x04: "sent", 0x08: "delivered",
          0xFD: "failed", 0xFE: "failed", 0xFF: "failed"}
METHODS = {LXMF.LXMessage.OPPORTUNISTIC: "opportunistic", LXMF.LXMessage.DIRECT: "direct",
           LXMF.LXMessage.PROPAGATED: "propagated", LXMF.LXMessage.PAPER: "paper"}


class BadParams(Exception):
    pass


def from_tagged(v):
    if isinstance(v, list):
        return [from_tagged(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (tag, x), = v.items()
            if tag == "bytes": return bytes.fromhex(x)
            if tag in ("str", "int", "bool"): return x
        raise BadParams(f"unrecognised tagged field value {v!r}")
    return v


def to_json(v):
    if isinstance(v, (bytes, bytearray)): return bytes(v).hex()
    if isinstance(v, (list, tuple)): return [to_json(x) for x in v]
    if isinstance(v, dict): return {str(k): to_json(x) for k, x in v.items()}
    return v


def text(v):
    return v.decode("utf-8", "replace") if isinstance(v, (bytes, bytearray)) else (v or "")


def hexhash(p, key="destination_hash"):
    try:
        h = bytes.fromhex(str(p[key]))
    except (KeyError, ValueError):
        raise BadParams(f"{key} must be hex")
    if len(h) != RNS.Reticulum.TRUNCATED_HASHLENGTH // 8:
        raise BadParams(f"{key} must be 16 bytes")
    return h


class Bridge:
    def __init__(self):
        self.inbox, self.outbound, self.lock, self.seq = [], {}, threading.Lock(), 0
        self.router = self.dest = None
        self.stopped = False

    def lxmf_init(self, p):
        if self.router is not None:
            raise BadParams("lxmf_init was already called in this process")
        self.config_dir = tempfile.mkdtemp(prefix="strand-pybridge-")
        self.storage = p.get("storage_path") or os.path.join(self.config_dir, "storage")
        os.makedirs(self.storage, exist_ok=True)
        with open(os.path.join(self.config_dir, "config"), "w") as f:
            f.write("[reticulum]\n  share_instance = No\n  enable_transport = No\n\n[interfaces]\n")
        RNS.Reticulum(configdir=self.config_dir, loglevel=int(os.environ.get("BRIDGE_LOGLEVEL", "2")),
                      logdest=lambda s: (sys.stderr.write(s + "\n"), sys.stderr.flush()))
        self.identity = RNS.Identity()
        self.router = LXMF.LXMRouter(identity=self.identity, storagepath=self.storage)
        self.router.register_delivery_callback(self.on_message)
        self.dest = self.router.register_delivery_identity(self.identity, display_name=p.get("display_name") or "")
        result = {"identity_hash": self.identity.hash.hex(), "delivery_destination_hash": self.dest.hash.hex(),
                  "config_dir": self.config_dir, "storage_path": self.storage}
        if p.get("enable_propagation_node"):
            self.router.enable_propagation()
            result["propagation_destination_hash"] = self.router.propagation_destination.hash.hex()
            result["propagation_stamp_cost"] = self.router.propagation_stamp_cost
        return result

    def _add(self, iface, name):
        RNS.Reticulum.get_instance()._add_interface(iface)
        return name

    def lxmf_add_tcp_server_interface(self, p):
        from RNS.Interfaces.TCPInterface import TCPServerInterface
        name = p.get("name") or f"TCP server {len(RNS.Transport.interfaces)}"
        iface = TCPServerInterface(RNS.Transport, {"name": name, "listen_ip": "127.0.0.1", "listen_port": int(p.get("bind_port") or 0)})
        self._add(iface, name)
        return {"port": iface.server.server_address[1], "interface_name": name}

    def lxmf_add_tcp_client_interface(self, p):
        from RNS.Interfaces.TCPInterface import TCPClientInterface
        if "target_port" not in p:
            raise BadParams("target_port is required")
        name = p.get("name") or f"TCP client {len(RNS.Transport.interfaces)}"
        iface = TCPClientInterface(RNS.Transport, {"name": name, "target_host": p.get("target_host") or "127.0.0.1",
                                                   "target_port": int(p["target_port"])})
        return {"interface_name": self._add(iface, name)}

    def lxmf_announce(self, p):
        self.router.announce(self.dest.hash)
        return {"delivery_destination_hash": self.dest.hash.hex()}

    def on_message(self, m):
        with self.lock:
            self.seq += 1
            self.inbox.append({"seq": self.seq, "message_hash": m.hash.hex(), "source_hash": m.source_hash.hex(),
                               "destination_hash": m.destination_hash.hex(), "title": text(m.title),
                               "content": text(m.content), "method": METHODS.get(m.method, "unknown"),
                               "ack_status": "received", "received_at_ms": int(time.time() * 1000),
                               "fields": to_json(m.fields or {})})

    def _send(self, p, desired):
        dh = hexhash(p)
        identity = RNS.Identity.recall(dh)
        if identity is None:
            raise BadParams(f"identity of {dh.hex()} is not known (no announce seen)")
        fields = p.get("fields") or {}
        if not isinstance(fields, dict):
            raise BadParams("fields must be an object")
        fields = {int(k): from_tagged(v) for k, v in fields.items()}
        out = RNS.Destination(identity, RNS.Destination.OUT, RNS.Destination.SINGLE, "lxmf", "delivery")
        lxm = LXMF.LXMessage(out, self.dest, p.get("content") or "", title=p.get("title") or "",
                             fields=fields or None, desired_method=desired)
        lxm.pack()
        if desired == LXMF.LXMessage.OPPORTUNISTIC and lxm.method != desired:
            raise BadParams("message too large for a single packet: it would be sent DIRECT")
        self.router.handle_outbound(lxm)
        with self.lock:
            self.outbound[lxm.hash.hex()] = lxm
        return {"message_hash": lxm.hash.hex()}

    def lxmf_send_opportunistic(self, p): return self._send(p, LXMF.LXMessage.OPPORTUNISTIC)
    def lxmf_send_direct(self, p): return self._send(p, LXMF.LXMessage.DIRECT)
    def lxmf_send_propagated(self, p): return self._send(p, LXMF.LXMessage.PROPAGATED)

    def lxmf_has_path(self, p):
        dh = hexhash(p)
        path, recalled = RNS.Transport.has_path(dh), RNS.Identity.recall(dh) is not None
        return {"has_path": path and recalled, "transport_has_path": path, "identity_recalled": recalled}

    def lxmf_request_path(self, p):
        RNS.Transport.request_path(hexhash(p))
        return {"requested": True}

    def lxmf_set_outbound_propagation_node(self, p):
        dh = hexhash(p)
        self.router.set_outbound_propagation_node(dh)
        if not RNS.Transport.has_path(dh):
            RNS.Transport.request_path(dh)
        return {"ok": True}

    def lxmf_sync_inbound(self, p):
        timeout = float(p.get("timeout_sec") or 30)
        self.router.request_messages_from_propagation_node(self.identity)
        deadline = time.time() + timeout
        time.sleep(0.1)
        while time.time() < deadline:
            s = self.router.propagation_transfer_state
            if s == LXMF.LXMRouter.PR_IDLE or s >= LXMF.LXMRouter.PR_COMPLETE:
                break
            time.sleep(0.1)
        return {"final_state": self.router.propagation_transfer_state}

    def lxmf_get_received_messages(self, p):
        since = int(p.get("since_seq") or 0)
        with self.lock:
            return {"messages": [m for m in self.inbox if m["seq"] > since], "last_seq": self.seq}

    def lxmf_get_message_state(self, p):
        with self.lock:
            lxm = self.outbound.get(str(p.get("message_hash", "")))
        return {"state": STATES.get(lxm.state, "unknown") if lxm is not None else "unknown"}

    def lxmf_shutdown(self, p):
        if not self.stopped and self.router is not None:
            self.router.exit_handler()
            RNS.Reticulum.exit_handler()
        self.stopped = True
        return {"stopped": True}


COMMANDS = {n for n in dir(Bridge) if n.startswith("lxmf_")}


def main():
    bridge = Bridge()
    _OUT.write("READY\n")
    _OUT.flush()
    for line in _IN:
        rid = None
        try:
            req = json.loads(line)
            rid = req.get("id") if isinstance(req, dict) else None
            command = req.get("command") if isinstance(req, dict) else None
            params = req.get("params") or {}
            if command not in COMMANDS:
                raise BadParams(f"unknown command {command!r}")
            if command != "lxmf_init" and bridge.router is None:
                raise BadParams("call lxmf_init first")
            answer = {"id": rid, "success": True, "result": getattr(bridge, command)(params)}
        except Exception as e:  # every failure is an answer: the bridge never dies on bad input
            answer = {"id": rid, "success": False, "error": f"{type(e).__name__}: {e}"}
        _OUT.write(json.dumps(answer) + "\n")
        _OUT.flush()
    if bridge.router is not None:
        bridge.lxmf_shutdown({})
        shutil.rmtree(bridge.config_dir, ignore_errors=True)
    os._exit(0)


if __name__ == "__main__":
    main()
