// SPDX-License-Identifier: MIT
// The config file Strand writes when there is none, modelled on RNS's `__default_rns_config__`
// (RNS/Reticulum.py): AutoInterface enabled, and the shared instance on the platform's default
// transport (the abstract unix socket `rns/default` on Linux when the addon is built, TCP
// elsewhere), so Strand coexists with rnsd, NomadNet and Sideband on one machine. A disabled
// TCPClientInterface example is included for joining a transport node.

export const DEFAULT_CONFIG_TEXT = `# This is the default Reticulum config file written by Strand.
# It uses the same format and option names as the Reticulum reference
# (rnsd --exampleconfig shows them all). Interface blocks can be pasted
# in from any Reticulum config.

[reticulum]

# If you enable Transport, your system will route traffic
# for other peers, pass announces and serve path requests.
# Only for stationary, always-on systems.

enable_transport = False

# Offer a shared instance that other local Reticulum programs
# (NomadNet, Sideband...) can attach to, or attach to one that is
# already running (rnsd, NomadNet, Sideband). As in RNS, Linux uses the
# abstract unix socket by default and other systems TCP on 127.0.0.1;
# set shared_instance_type = tcp to force TCP.

share_instance = Yes
# shared_instance_type = unix
# shared_instance_port = 37428
# instance_control_port = 37429


[logging]
# Valid log levels are 0 through 8:
#   0: Log only critical information
#   4: Log info and lower (this is the default)
#   8: Extreme logging

loglevel = 4


# The interfaces section defines the physical and virtual
# interfaces Reticulum will use to communicate on.

[interfaces]

  # This interface enables communication with other link-local
  # Reticulum nodes over UDP. It needs no IP infrastructure such as
  # routers or DHCP, but IPv6 link-local addressing must be enabled
  # in the operating system (it is by default almost everywhere).

  [[Default Interface]]
    type = AutoInterface
    enabled = Yes

  # Connect to a Reticulum transport node over TCP. Set target_host
  # and target_port, then enable it.

  [[TCP Client]]
    type = TCPClientInterface
    enabled = No
    target_host = 127.0.0.1
    target_port = 4242
`;
