"""The lifecycle of a portfolio entry (spec section 5): stages, closed statuses, moves."""

from __future__ import annotations

STAGES = ("idea", "concept", "approved", "in_progress", "in_operation")
CLOSED = ("rejected", "stopped", "retired")
STATUSES = STAGES + CLOSED

ACTIONS = (
    "recommend", "place", "approve", "send_back", "reject",
    "reclassify", "steering_group", "approve_budget", "stop", "retire",
)
LEVEL_ACTIONS = ("place", "approve", "reclassify")
BOARD_BODIES = ("board", "general_assembly")
BODIES = ("board", "general_assembly", "business_manager", "steering_group", "coordination_group")

# Who takes which decision (report 4.1 and 5.2): only the board (or the general assembly above it)
# approves, reclassifies and approves steering groups; the business manager places and recommends.
ACTION_BODIES: dict[str, tuple[str, ...]] = {
    "recommend": ("business_manager", "coordination_group"),
    "place": ("business_manager",) + BOARD_BODIES,
    "approve": BOARD_BODIES,
    "reclassify": BOARD_BODIES,
    "steering_group": BOARD_BODIES,
    "approve_budget": BOARD_BODIES + ("steering_group",),
    "send_back": BOARD_BODIES + ("business_manager",),
    "reject": BOARD_BODIES + ("business_manager",),
    "stop": BOARD_BODIES + ("steering_group",),
    "retire": BOARD_BODIES + ("coordination_group",),
}

_OPEN_TO_CLOSED = {(s, c) for s in STAGES for c in ("rejected", "stopped")}
ALLOWED_MOVES = frozenset(
    {
        ("idea", "concept"),
        ("concept", "approved"),
        ("concept", "in_progress"),
        ("approved", "in_progress"),
        ("in_progress", "in_operation"),
        ("concept", "idea"),
        ("approved", "idea"),
        ("in_operation", "retired"),
    }
    | _OPEN_TO_CLOSED
)


def is_open(status: str) -> bool:
    """True for the five stages, false for rejected, stopped and retired."""
    return status in STAGES


_STAGE_INDEX = {stage: index for index, stage in enumerate(STAGES)}


def has_reached(status: str, stage: str) -> bool:
    """True when an open entry at `status` has reached `stage` (called for every requirement: kept lean)."""
    reached = _STAGE_INDEX.get(status)
    return reached is not None and reached >= _STAGE_INDEX.get(stage, len(STAGES))


def is_product(status: str) -> bool:
    """An entry is a product from `in_operation` on (retired products stay products)."""
    return status in ("in_operation", "retired")


def move_allowed(old: str, new: str, *, level: str | None = None, board_levels=("N2", "N3")) -> bool:
    """True when section 5 allows moving from `old` to `new` (N1 skips `approved`)."""
    if old == new:
        return True
    if (old, new) == ("concept", "in_progress") and level is not None:
        return level not in board_levels
    if (old, new) == ("concept", "approved") and level is not None:
        return level in board_levels
    return (old, new) in ALLOWED_MOVES
