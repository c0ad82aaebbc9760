"""Builds the hub's parts from settings, explicitly. Creating them opens no connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hub.audit.sql import SqlAuditStore
from hub.broker.publisher import Publisher
from hub.config import Settings
from hub.ingest import Ingestor
from hub.outbox import FileOutbox
from hub.plugins import AdapterRegistry
from hub.routing import SubscriptionTable, default_table
from hub.schemas import SchemaRegistry


@dataclass
class Services:
    settings: Settings
    schemas: SchemaRegistry
    adapters: AdapterRegistry
    audit: SqlAuditStore
    publisher: Publisher
    table: SubscriptionTable
    outbox: FileOutbox
    ingestor: Ingestor = field(init=False)

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
            audit=SqlAuditStore(settings.database_url_or_default()),
            publisher=Publisher(
                settings.amqp_url,
                confirm_timeout_s=settings.confirm_timeout_s,
                connect_timeout_s=settings.connect_timeout_s,
            ),
            table=default_table(),
            outbox=FileOutbox(settings.outbox_dir()),
        )

    def outbox_root(self) -> Path:
        return self.settings.outbox_dir()

    def close(self) -> None:
        self.publisher.close()
        self.audit.close()
