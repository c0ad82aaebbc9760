"""One error hierarchy: retrying helps (TransientError) or it never will (PermanentError)."""

from __future__ import annotations


class HubError(Exception):
    """Base of every error the hub raises on purpose."""


class PermanentError(HubError):
    """Invalid, unknown or forbidden input: retrying the same thing gives the same answer."""


class TransientError(HubError):
    """A dependency (broker, database, a pillar's endpoint) failed; the same call may succeed later."""


class BrokerUnavailable(TransientError):
    """RabbitMQ could not be reached, or did not confirm a publish."""


class AuditUnavailable(TransientError):
    """The audit store could not be reached: the hub fails closed and neither ingests nor acks."""
