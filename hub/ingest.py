"""Ingest: native bytes -> adapter -> hardened parse -> schema and rules -> audit -> publish with confirms.

A call returns only after every accepted record's audit entries are durable and the broker has confirmed its
publish. A bad record is refused with a reason naming the adapter, where (field or XPath, line) and the rule;
it is audited REJECTED and costs no other record. Broker or database trouble raises a TransientError: the
records already admitted are published again when the same input is resubmitted.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from adapters.base import Adapter, AdapterError
from hub import metrics
from hub.audit.store import Admission, AuditEvent, AuditStore, Event
from hub.broker import names
from hub.broker.publisher import OutgoingMessage, Publisher
from hub.errors import PermanentError
from hub.plugins import AdapterRegistry
from hub.record import Record, record_from_valid, sha256_hex, with_version
from hub.routing import SubscriptionTable
from hub.rules import check_rules
from hub.schemas import InvalidRecord, RecordSchema, SchemaRegistry, ValidationIssue
from hub.xml import DEFAULT_MAX_BYTES, XmlRefused, parse_untrusted

log = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    UNROUTABLE = "unroutable"


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    record_id: str | None
    record_type: str | None
    reason: str | None = None
    subscribers: tuple[str, ...] = ()
    version: int | None = None


def message_for(record: Record, producer: str) -> OutgoingMessage:
    """The AMQP message that carries a record on the records exchange."""
    return OutgoingMessage(
        exchange=names.RECORDS_EXCHANGE,
        routing_key=names.routing_key(producer, record.record_type),
        body=record.canonical,
        message_id=record.record_id,
        headers={
            "icjs-record-id": record.record_id,
            "icjs-record-type": record.record_type,
            "icjs-version": record.version,
            "icjs-schema-version": record.schema_version,
            "icjs-sha256": record.sha256,
            "icjs-source-pillar": record.source_pillar,
            # When the hub published it (epoch ms; AMQP tables carry no floats): delivery latency starts here.
            "icjs-published-ms": int(time.time() * 1000),
        },
    )


class Ingestor:
    def __init__(
        self,
        *,
        adapters: AdapterRegistry,
        schemas: SchemaRegistry,
        audit: AuditStore,
        publisher: Publisher,
        table: SubscriptionTable,
        max_record_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._adapters = adapters
        self._schemas = schemas
        self._audit = audit
        self._publisher = publisher
        self._table = table
        self._max_record_bytes = max_record_bytes

    def ingest(self, adapter_name: str, native: bytes, *, source: str, actor: str = "cli") -> list[IngestResult]:
        """Ingest one native document (which may hold several records); one result per record found."""
        adapter = self._adapters.get(adapter_name)  # UnknownAdapter: a usage error, nothing to audit
        submission = {
            "adapter": adapter.name,
            "source": source,
            "sha256": sha256_hex(native),
            "bytes": len(native),
        }
        try:
            decoded = list(adapter.decode(native))
        except AdapterError as exc:
            return [self._refuse(None, None, f"{adapter.name}: {exc}", submission, actor)]
        except Exception as exc:  # a faulty adapter must never stop the hub
            log.exception("adapter %s crashed on %s", adapter.name, source)
            reason = f"{adapter.name}: adapter failed ({type(exc).__name__}: {exc})"
            return [self._refuse(None, None, reason, submission, actor)]
        metrics.RECEIVED.labels(adapter.name).inc(max(len(decoded), 1))
        if not decoded:
            return [self._refuse(None, None, f"{adapter.name}: no records found in the document", submission, actor)]

        results: list[IngestResult | None] = []
        to_publish: list[tuple[int, Record]] = []
        for index, item in enumerate(decoded, start=1):
            where = {**submission, "index": index}
            if isinstance(item, AdapterError):
                results.append(self._refuse(None, None, f"{adapter.name}: {item}", where, actor))
                continue
            try:
                root, schema = self._checked(adapter, item)
            except PermanentError as exc:
                record_id, record_type = _identify(item)
                reason = f"{adapter.name}: canonical {record_type or 'record'}: {exc}"
                results.append(self._refuse(record_id, record_type, reason, where, actor))
                continue
            record_id = (
                root.findtext(f"{{{etree.QName(root).namespace}}}Header/{{{etree.QName(root).namespace}}}RecordId")
                or ""
            ).strip()

            def build(
                version: int,
                supersedes: int | None,
                root: etree._Element = root,
                item: bytes = item,
                schema: RecordSchema = schema,
            ) -> Record:
                canonical = with_version(root, item, version, supersedes)
                return record_from_valid(root, canonical, schema.record_type, schema.version)

            received = AuditEvent(Event.RECEIVED, record_id, None, adapter.pillar, actor, where)
            admission, record = self._audit.admit(record_id, sha256_hex(item), build, [received])
            if admission is Admission.DUPLICATE or record is None:
                results.append(IngestResult(Outcome.DUPLICATE, record_id, schema.record_type))
            else:
                results.append(None)
                to_publish.append((len(results) - 1, record))

        self._route([record for _, record in to_publish], adapter.pillar, actor)
        for index, record in to_publish:
            subscribers = self._table.subscribers_of(record.record_type)
            outcome = Outcome.ACCEPTED if subscribers else Outcome.UNROUTABLE
            metrics.ACCEPTED.labels(record.record_type).inc()
            results[index] = IngestResult(
                outcome, record.record_id, record.record_type, None, subscribers, record.version
            )
        return [r for r in results if r is not None]

    def check(self, adapter: Adapter, canonical: bytes) -> Record:
        """Parse, validate and rule-check an adapter's canonical output; the Record, or PermanentError why not."""
        root, schema = self._checked(adapter, canonical)
        return record_from_valid(root, canonical, schema.record_type, schema.version)

    def _checked(self, adapter: Adapter, canonical: bytes) -> tuple[etree._Element, RecordSchema]:
        root = parse_untrusted(canonical, max_bytes=self._max_record_bytes)
        schema, issues = self._schemas.validate(root)
        if not issues:
            issues = check_rules(root, schema)
        if not issues:
            issues = _source_rules(root, schema.record_type, adapter)
        if issues:
            raise InvalidRecord(issues)
        return root, schema

    def _route(self, batch: Sequence[Record], producer: str, actor: str) -> None:
        routable = [r for r in batch if self._table.subscribers_of(r.record_type)]
        # The broker's confirm for every message, then ROUTED for each: a crash in between leaves the record
        # admitted but unrouted, and a resubmission publishes it again.
        self._publisher.publish([message_for(r, producer) for r in routable])
        routed = []
        for record in batch:
            subscribers = self._table.subscribers_of(record.record_type)
            if subscribers:
                detail = {
                    "routing_key": names.routing_key(producer, record.record_type),
                    "subscribers": list(subscribers),
                    "table_version": self._table.version,
                }
                event = AuditEvent(Event.ROUTED, record.record_id, record.version, producer, actor, detail)
            else:
                detail = {
                    "reason": f"no pillar subscribes to {record.record_type}",
                    "table_version": self._table.version,
                }
                event = AuditEvent(Event.UNROUTABLE, record.record_id, record.version, producer, actor, detail)
            routed.append((record, subscribers, [event]))
        if routed:
            self._audit.mark_routed_many(routed)

    def _refuse(
        self,
        record_id: str | None,
        record_type: str | None,
        reason: str,
        where: dict[str, object],
        actor: str,
    ) -> IngestResult:
        pillar = self._adapters.get(str(where["adapter"])).pillar
        metrics.REFUSED.labels(str(where["adapter"]), metrics.refusal_reason(reason)).inc()
        self._audit.append(
            [
                AuditEvent(Event.RECEIVED, record_id, None, pillar, actor, where),
                AuditEvent(Event.REJECTED, record_id, None, pillar, actor, {**where, "reason": reason}),
            ]
        )
        return IngestResult(Outcome.REJECTED, record_id, record_type, reason)


def _identify(canonical: bytes) -> tuple[str | None, str | None]:
    """Best-effort record id and type of a refused document, so its REJECTED entry can be traced."""
    try:
        root = parse_untrusted(canonical)
    except XmlRefused:
        return None, None
    record_id = root.findtext("{*}Header/{*}RecordId")
    record_type = root.findtext("{*}Header/{*}RecordType")
    return (record_id.strip() if record_id else None), (record_type.strip() if record_type else None)


def _source_rules(root: etree._Element, record_type: str, adapter: Adapter) -> list[ValidationIssue]:
    """An adapter speaks only for its own pillar and system, and only for the types it declares."""
    header = root.find("{*}Header")
    assert header is not None
    issues = []
    checks = (
        ("SourceSystem", adapter.name, "source-system"),
        ("SourcePillar", adapter.pillar, "source-pillar"),
    )
    for name, expected, rule in checks:
        element = header.find(f"{{*}}{name}")
        if element is not None and (element.text or "").strip() != expected:
            issues.append(
                ValidationIssue(
                    element.sourceline,
                    f"/{etree.QName(root).localname}/Header/{name}",
                    rule,
                    f"{name} is {element.text!r} but adapter {adapter.name!r} speaks for {expected!r}",
                )
            )
    if record_type not in adapter.produces:
        issues.append(
            ValidationIssue(
                root.sourceline,
                f"/{etree.QName(root).localname}",
                "adapter-produces",
                f"adapter {adapter.name!r} does not produce {record_type!r} (it produces "
                f"{', '.join(sorted(adapter.produces)) or 'nothing'})",
            )
        )
    return issues
