#pragma once

#include <string>
#include <vector>

#include "pacs/PacsNode.h"

namespace slicewise {

// The PACS nodes, in one JSON file that slicewise-cli and the app both read, so a node is
// defined once:
//   {"nodes": [{"name": "main", "called_aet": "PACS", "host": "pacs.example.org", "port": 104,
//               "calling_aet": "SLICEWISE", "move_port": 11112, "timeout_s": 30,
//               "tls": {"enabled": true, "trusted_certificates": "/etc/pacs/ca.pem",
//                       "certificate": "", "private_key": "", "verify_peer": true}}]}
// Only "name", "called_aet" and "host" are required; the rest default as in PacsNode.

// $SLICEWISE_PACS_NODES when set, else $XDG_CONFIG_HOME/slicewise/pacs.json, else
// ~/.config/slicewise/pacs.json.
std::string defaultPacsNodesPath();

// The nodes in `path`; none when the file does not exist. Throws PacsError naming the file and
// the problem for unreadable or malformed files, nodes that fail checkPacsNode, and names used
// twice.
std::vector<PacsNode> readPacsNodes(const std::string& path);

// Writes the whole list (through a temporary file renamed into place, readable by its owner
// only), creating the folder. Throws PacsError.
void writePacsNodes(const std::string& path, const std::vector<PacsNode>& nodes);

// The node called `name`; throws PacsError listing the names there are.
const PacsNode& findPacsNode(const std::vector<PacsNode>& nodes, const std::string& name, const std::string& path);

}  // namespace slicewise
