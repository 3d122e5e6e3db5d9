"""Evidence bundles: written aside, sealed with a manifest of hashes, verified later."""
