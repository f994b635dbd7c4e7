"""The HTML report: one self-contained page of what a store says."""

from sword.extras import require

require("report")
