"""The analyses over a store: relations, shifts, network, framing and the findings
the report and the API show."""

from sword.extras import require

require("store")
