# SPDX-License-Identifier: MIT
# Strand benchmark helper (not part of the reference): runs the Python reference as a receiving
# node with one TCPServerInterface on 127.0.0.1 (ephemeral port), counts the announces its
# Transport validates (an announce handler for every aspect), and reports when all have arrived.
#
# Protocol on stdio, driven by bench/scenarios/announce.ts:
#   stdout "PORT <n>"             once the interface listens
#   stdout "DONE <count> <secs>"  when <expected> announces were handled or <timeout> expired;
#                                 secs = first handled announce -> last handled announce
#   stdout "VERIFY <ops/s>"       raw Ed25519 verify rate measured afterwards in this process
# Usage: announce_ingest.py <configdir> <expected> <timeout_s> <ingress_control yes|no>
import os, sys, threading, time

import RNS

config_dir, expected, timeout_s, ingress = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
os.makedirs(config_dir, exist_ok=True)
with open(os.path.join(config_dir, "config"), "w") as f:
    f.write(f"""[reticulum]
  share_instance = No
  enable_transport = No
[logging]
  loglevel = 1
[interfaces]
  [[Bench TCP]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 127.0.0.1
    listen_port = 0
    ingress_control = {ingress}
""")

reticulum = RNS.Reticulum(configdir=config_dir, loglevel=1)

lock = threading.Lock()
state = {"count": 0, "first": None, "last": None}
finished = threading.Event()

class Counter:
    aspect_filter = None
    def received_announce(self, destination_hash, announced_identity, app_data):
        now = time.perf_counter()
        with lock:
            state["count"] += 1
            if state["first"] is None: state["first"] = now
            state["last"] = now
            if state["count"] >= expected: finished.set()

RNS.Transport.register_announce_handler(Counter())

port = None
for iface in RNS.Transport.interfaces:
    server = getattr(iface, "server", None)
    if server is not None: port = server.server_address[1]
if port is None:
    print("ERROR no TCP server interface", flush=True); sys.exit(2)
print(f"PORT {port}", flush=True)

finished.wait(timeout_s)
with lock:
    span = (state["last"] - state["first"]) if state["first"] is not None else 0.0
    print(f"DONE {state['count']} {span:.6f}", flush=True)

ident = RNS.Identity()
pub = RNS.Identity(create_keys=False); pub.load_public_key(ident.get_public_key())
msg = os.urandom(150); sig = ident.sign(msg)
for _ in range(50): pub.validate(sig, msg)
n = 0; t0 = time.perf_counter()
while time.perf_counter() - t0 < 0.5:
    for _ in range(100): pub.validate(sig, msg)
    n += 100
print(f"VERIFY {n / (time.perf_counter() - t0):.1f}", flush=True)
os._exit(0)
