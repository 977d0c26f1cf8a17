# SPDX-License-Identifier: MIT
# Strand benchmark helper (not part of the reference): link establishment latency and resource
# throughput between two Python reference nodes over TCP loopback, the workload of
# bench/scenarios/link.ts. RNS is a per-process singleton, so each node is its own process.
#
#   link_resource.py server <configdir>
#       listens on 127.0.0.1 (ephemeral port), prints "READY <port> <destination hash hex>",
#       accepts links (resource strategy ACCEPT_ALL) until killed.
#   link_resource.py client <configdir> <port> <dest hex> <links> <sizes,comma separated> [repeats] [warmup] [warm transfers]
#       connects, resolves the path, opens <warmup> untimed links, then <links> timed ones one after
#       the other (request -> initiator established), then per size one untimed resource and
#       <repeats> timed ones, then <warm transfers> more untimed and <repeats> timed again ("warm"),
#       each on a fresh link (random data, auto_compress off, advertise -> concluded), and prints
#       one JSON line:
#       {"link_ms": [...], "resource_mbps": {size: median MB/s}, "resource_mbps_warm": {...}}.
import json, os, statistics, sys, threading, time

import RNS

role, config_dir = sys.argv[1], sys.argv[2]
os.makedirs(config_dir, exist_ok=True)
if role == "server":
    iface = """  [[Bench server]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 127.0.0.1
    listen_port = 0
"""
else:
    iface = f"""  [[Bench client]]
    type = TCPClientInterface
    enabled = yes
    target_host = 127.0.0.1
    target_port = {sys.argv[3]}
"""
with open(os.path.join(config_dir, "config"), "w") as f:
    f.write("[reticulum]\n  share_instance = No\n  enable_transport = No\n[logging]\n  loglevel = 1\n[interfaces]\n" + iface)
RNS.Reticulum(configdir=config_dir, loglevel=1)

def wait_until(cond, timeout, what):
    deadline = time.time() + timeout
    while not cond():
        if time.time() > deadline: raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.001)

if role == "server":
    dest = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "strandbench", "link")
    dest.set_link_established_callback(lambda link: link.set_resource_strategy(RNS.Link.ACCEPT_ALL))
    port = next(i.server.server_address[1] for i in RNS.Transport.interfaces if getattr(i, "server", None) is not None)
    print(f"READY {port} {dest.hash.hex()}", flush=True)
    while True: time.sleep(3600)

dest_hash = bytes.fromhex(sys.argv[4]); links = int(sys.argv[5]); sizes = [int(s) for s in sys.argv[6].split(",") if s]
repeats = int(sys.argv[7]) if len(sys.argv) > 7 else 1
warmup = int(sys.argv[8]) if len(sys.argv) > 8 else 0
warm_transfers = int(sys.argv[9]) if len(sys.argv) > 9 else 0
wait_until(lambda: all(i.online for i in RNS.Transport.interfaces), 10, "tcp connect")
deadline = time.time() + 10
while not RNS.Transport.has_path(dest_hash):
    if time.time() > deadline: raise SystemExit("no path to the server destination")
    RNS.Transport.request_path(dest_hash)
    wait_until(lambda: RNS.Transport.has_path(dest_hash) or time.time() > deadline, 2, "path")
peer = RNS.Destination(RNS.Identity.recall(dest_hash), RNS.Destination.OUT, RNS.Destination.SINGLE, "strandbench", "link")

def establish():
    up = threading.Event()
    link = RNS.Link(peer, established_callback=lambda l: up.set())
    if not up.wait(10): raise SystemExit("link establishment timed out")
    return link

# Untimed links first, as the Strand side opens them.
for _ in range(warmup):
    establish().teardown()

samples = []
for _ in range(links):
    t0 = time.perf_counter()
    link = establish()
    samples.append((time.perf_counter() - t0) * 1000)
    link.teardown()

def transfer(size):
    link = establish()
    data = os.urandom(size)
    done = threading.Event(); result = {}
    def concluded(resource):
        result["status"] = resource.status; done.set()
    t0 = time.perf_counter()
    RNS.Resource(data, link, auto_compress=False, callback=concluded)
    if not done.wait(600): raise SystemExit("resource timed out")
    seconds = time.perf_counter() - t0
    if result["status"] != RNS.Resource.COMPLETE: raise SystemExit(f"resource ended in status {result['status']}")
    link.teardown()
    return size / 1e6 / seconds

# One untimed transfer per size first, as the Strand side does, then the median of `repeats`;
# then `warm_transfers` more untimed ones and the median of `repeats` again.
mbps = {}; mbps_warm = {}
for size in sizes:
    transfer(size)
    mbps[str(size)] = statistics.median(transfer(size) for _ in range(repeats))
    if warm_transfers > 0:
        for _ in range(warm_transfers): transfer(size)
        mbps_warm[str(size)] = statistics.median(transfer(size) for _ in range(repeats))

print(json.dumps({"link_ms": samples, "resource_mbps": mbps, "resource_mbps_warm": mbps_warm}), flush=True)
os._exit(0)
