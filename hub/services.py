"""Builds the hub's parts from settings, explicitly. Creating them opens no connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hub.audit.signing import Signer
from hub.audit.sql import SqlAuditStore
from hub.auth.keys import KeyStore
from hub.broker.publisher import Publisher
from hub.config import Settings
from hub.ingest import Ingestor
from hub.outbox import FileOutbox
from hub.plugins import AdapterRegistry
from hub.redaction import Policy, load_policy
from hub.routing import SubscriptionTable, load_table
from hub.schemas import SchemaRegistry
from hub.transports import AmqpOutboxTransport, FileTransport, HttpTransport, Transport


@dataclass
class Services:
    settings: Settings
    schemas: SchemaRegistry
    adapters: AdapterRegistry
    audit: SqlAuditStore
    publisher: Publisher
    table: SubscriptionTable
    outbox: FileOutbox
    policy: Policy
    keys: KeyStore
    ingestor: Ingestor = field(init=False)
    _transports: dict[str, Transport] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.ingestor = Ingestor(
            adapters=self.adapters,
            schemas=self.schemas,
            audit=self.audit,
            publisher=self.publisher,
            table=self.table,
            max_record_bytes=self.settings.max_record_bytes,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        return cls(
            settings=settings,
            schemas=SchemaRegistry(),
            adapters=AdapterRegistry.from_entry_points(),
            audit=SqlAuditStore(
                settings.database_url_or_default(),
                signer=Signer(settings.key_dir()),
                checkpoint_every=settings.checkpoint_every,
                checkpoint_interval_s=settings.checkpoint_interval_s,
            ),
            publisher=Publisher(
                settings.amqp_url,
                confirm_timeout_s=settings.confirm_timeout_s,
                connect_timeout_s=settings.connect_timeout_s,
            ),
            table=load_table(settings.subscriptions),
            outbox=FileOutbox(settings.outbox_dir()),
            policy=load_policy(settings.redaction_policy),
            keys=KeyStore(settings.database_url_or_default()),
        )

    def transport_for(self, pillar: str) -> Transport:
        """How records reach ``pillar``, per the subscription table; made once per pillar."""
        transport = self._transports.get(pillar)
        if transport is None:
            delivery = self.table.delivery_for(pillar)
            if delivery.delivery == "http":
                assert delivery.endpoint is not None  # the table refuses http without an endpoint
                transport = HttpTransport(delivery.endpoint, timeout_s=delivery.timeout_s)
            elif delivery.delivery == "amqp":
                transport = AmqpOutboxTransport(self.publisher)
            else:
                transport = FileTransport(self.outbox)
            self._transports[pillar] = transport
        return transport

    def outbox_root(self) -> Path:
        return self.settings.outbox_dir()

    def close(self) -> None:
        for transport in self._transports.values():
            if isinstance(transport, HttpTransport):
                transport.close()
        self.publisher.close()
        self.keys.close()
        self.audit.close()
