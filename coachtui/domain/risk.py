"""When a key result counts as at risk."""

# A latest check-in confidence at or below this (on 0-10) means the owner
# doubts the KR will land: the home screen counts it, preparation lists it.
LOW_CONFIDENCE = 4


def is_low_confidence(confidence: int | None) -> bool:
    return confidence is not None and confidence <= LOW_CONFIDENCE
