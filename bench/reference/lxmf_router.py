# SPDX-License-Identifier: MIT
# Strand benchmark helper (not part of the reference): LXMRouter OPPORTUNISTIC and DIRECT delivery
# between two Python reference nodes over TCP loopback, the workload of
# bench/scenarios/lxmf-router.ts. RNS is a per-process singleton, so each node is its own process.
#
#   lxmf_router.py server <configdir>
#       listens on 127.0.0.1 (ephemeral port), registers an lxmf.delivery destination, prints
#       "READY <port> <delivery hash hex>" and receives until killed.
#   lxmf_router.py client <configdir> <port> <delivery hex> <count> <latency samples>
#       connects, resolves the path, then per method: queues <count> messages at once and times
#       them until every one is DELIVERED (proof received) or FAILED, then sends <latency samples>
#       one at a time (handle_outbound -> DELIVERED). Prints one JSON line with msgs/s, the number
#       of failed messages and latencies (ms).
import json, os, sys, threading, time

import RNS
import LXMF

role, config_dir = sys.argv[1], sys.argv[2]
os.makedirs(config_dir, exist_ok=True)
if role == "server":
    iface = "  [[Bench server]]\n    type = TCPServerInterface\n    enabled = yes\n    listen_ip = 127.0.0.1\n    listen_port = 0\n"
else:
    iface = f"  [[Bench client]]\n    type = TCPClientInterface\n    enabled = yes\n    target_host = 127.0.0.1\n    target_port = {sys.argv[3]}\n"
with open(os.path.join(config_dir, "config"), "w") as f:
    f.write("[reticulum]\n  share_instance = No\n  enable_transport = No\n[logging]\n  loglevel = 1\n[interfaces]\n" + iface)
RNS.Reticulum(configdir=config_dir, loglevel=1)
router = LXMF.LXMRouter(identity=RNS.Identity(), storagepath=os.path.join(config_dir, "lxmf"))
me = router.register_delivery_identity(RNS.Identity(), display_name=role)

def wait_until(cond, timeout, what):
    deadline = time.time() + timeout
    while not cond():
        if time.time() > deadline: raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.001)

if role == "server":
    router.register_delivery_callback(lambda m: None)
    port = next(i.server.server_address[1] for i in RNS.Transport.interfaces if getattr(i, "server", None) is not None)
    print(f"READY {port} {me.hash.hex()}", flush=True)
    while True: time.sleep(3600)

dest_hash, count, samples = bytes.fromhex(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
wait_until(lambda: all(i.online for i in RNS.Transport.interfaces), 10, "tcp connect")
deadline = time.time() + 15
while not (RNS.Transport.has_path(dest_hash) and RNS.Identity.recall(dest_hash)):
    if time.time() > deadline: raise SystemExit("no path to the server's delivery destination")
    RNS.Transport.request_path(dest_hash)
    wait_until(lambda: RNS.Transport.has_path(dest_hash) or time.time() > deadline, 2, "path")
peer = RNS.Destination(RNS.Identity.recall(dest_hash), RNS.Destination.OUT, RNS.Destination.SINGLE, "lxmf", "delivery")

def message(i, method):
    return LXMF.LXMessage(peer, me, f"message {i}", desired_method=method)

def burst(method):
    # A message the reference gives up on (no proof after its retries) ends the burst too, as
    # failed, instead of leaving it waiting: the rate covers the delivered ones, up to the last.
    done, lock = threading.Event(), threading.Lock()
    left, failed, last = [count], [0], [0.0]
    def concluded(ok):
        with lock:
            if ok: last[0] = time.perf_counter()
            else: failed[0] += 1
            left[0] -= 1
            if left[0] == 0: done.set()
    start = time.perf_counter()
    for i in range(count):
        m = message(i, method)
        m.register_delivery_callback(lambda _m: concluded(True))
        m.register_failed_callback(lambda _m: concluded(False))
        router.handle_outbound(m)
    if not done.wait(1800): raise SystemExit(f"burst timed out with {left[0]} unconcluded")
    delivered = count - failed[0]
    return (delivered / (last[0] - start) if delivered else 0.0), failed[0]

def latency(method):
    out = []
    for i in range(samples):
        ev = threading.Event()
        m = message(i, method)
        m.register_delivery_callback(lambda _m: ev.set())
        start = time.perf_counter()
        router.handle_outbound(m)
        if not ev.wait(120): raise SystemExit("latency sample timed out")
        out.append((time.perf_counter() - start) * 1000)
    return out

result = {}
for label, method in (("opportunistic", LXMF.LXMessage.OPPORTUNISTIC), ("direct", LXMF.LXMessage.DIRECT)):
    rate, failed = burst(method)
    result[label] = {"rate": rate, "failed": failed, "latency_ms": latency(method)}
print(json.dumps(result), flush=True)
os._exit(0)
