# SPDX-License-Identifier: MIT
# Strand benchmark helper (not part of the reference): a Python reference node starting up the way
# MeshChatX's backend does at its core: RNS.Reticulum() with one TCP server interface (127.0.0.1,
# ephemeral port) and an LXMRouter with one registered delivery identity. Prints "READY" and then
# idles so the caller can read its resident memory. The caller times process spawn -> READY, so
# interpreter start and imports are included, as Node start and imports are for Strand.
# Usage: startup.py <data dir, reused across runs like Strand's --data-dir>
import os, sys, time

import RNS
import LXMF

data = sys.argv[1]
config_dir = os.path.join(data, "rns")
os.makedirs(config_dir, exist_ok=True)
with open(os.path.join(config_dir, "config"), "w") as f:
    f.write("""[reticulum]
  share_instance = No
  enable_transport = No
[logging]
  loglevel = 1
[interfaces]
  [[Bench server]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 127.0.0.1
    listen_port = 0
""")
RNS.Reticulum(configdir=config_dir, loglevel=1)
id_path = os.path.join(data, "identity")
identity = RNS.Identity.from_file(id_path) if os.path.isfile(id_path) else RNS.Identity()
identity.to_file(id_path)
router = LXMF.LXMRouter(identity=identity, storagepath=os.path.join(data, "lxmf"))
router.register_delivery_identity(identity, display_name="Bench")
print("READY", flush=True)
while True: time.sleep(3600)
