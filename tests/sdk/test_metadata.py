"""The fluent metadata builder (seed 000): required core fields, id-format warnings, columns vs JSON."""

from __future__ import annotations

import warnings

import pytest
from conftest import landed
from finops_sdk import Metadata, MetadataBuilder, MetadataWarning, ValidationError
from finops_sdk import _metadata as metadata_module


@pytest.fixture(autouse=True)
def _fresh_id_history(monkeypatch):
    """Prefix consistency is remembered per process; each test starts without history."""
    monkeypatch.setattr(metadata_module, "_seen_prefixes", {})
    monkeypatch.setattr(metadata_module, "_warned", set())


def full_builder() -> MetadataBuilder:
    return (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_001")
        .product("saas-platform")
        .feature("chat")
        .tier("pro", 199)
        .environment("production")
        .task_type("qa")
        .session("sess_01")
        .trace("0af7651916cd43dd8448eb211c80319c")
        .request("req_01")
        .custom("ip_address", "10.0.0.1")
        .custom("experiment", {"arm": "b"})
    )


def test_builder_sets_every_seed_field_fluently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # consistent ids: no warning at all
        md = full_builder().build()
    assert isinstance(md, Metadata)
    assert dict(md) == {
        "customer_id": "cust_0001",
        "organization_id": "org_001",
        "product_id": "saas-platform",
        "feature_id": "chat",
        "subscription_tier": "pro",
        "tier_price_usd": 199.0,
        "environment": "production",
        "task_type": "qa",
        "session_id": "sess_01",
        "trace_id": "0af7651916cd43dd8448eb211c80319c",
        "request_id": "req_01",
        "ip_address": "10.0.0.1",
        "experiment": {"arm": "b"},
    }
    with pytest.raises(TypeError):
        md["customer_id"] = "x"  # frozen


@pytest.mark.parametrize("missing", ["customer_id", "feature_id", "environment"])
def test_each_core_field_is_required(missing):
    values = {"customer_id": "cust_0001", "feature_id": "chat", "environment": "staging"}
    builder = MetadataBuilder({k: v for k, v in values.items() if k != missing})
    with pytest.raises(ValidationError, match=missing):
        builder.build()


def test_environment_domain_and_custom_values_are_checked():
    base = MetadataBuilder().customer("cust_0001").feature("chat")
    with pytest.raises(ValidationError, match="production, staging, development"):
        base.environment("prod").build()
    with pytest.raises(ValidationError, match="JSON-serialisable"):
        MetadataBuilder().custom("when", object())
    with pytest.raises(ValidationError, match="customer_id must be a string"):
        MetadataBuilder({"customer_id": 1, "feature_id": "chat", "environment": "production"}).build()


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("customer_id", "0001", "usual format"),
        ("organization_id", "organization_001", "usual format"),
        ("trace_id", "ABC-123", "usual format"),
        ("request_id", "req 01", "whitespace"),
    ],
)
def test_inconsistent_id_formats_warn_but_are_accepted(field, value, reason):
    data = {"customer_id": "cust_0001", "feature_id": "chat", "environment": "production", field: value}
    with pytest.warns(MetadataWarning, match=reason):
        md = MetadataBuilder(data).build()
    assert md[field] == value


def test_mixing_prefixes_for_one_field_warns_once():
    def build(session: str) -> Metadata:
        return (
            MetadataBuilder()
            .customer("cust_1")
            .feature("chat")
            .environment("production")
            .session(session)
            .build()
        )

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build("sess_1")
        build("sess_2")
    with pytest.warns(MetadataWarning, match="prefix '' but earlier ids used 'sess'"):
        build("chat-3")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build("chat-3")  # the same problem is reported once, not on every call


def test_names_without_a_type_prefix_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MetadataBuilder().customer("unknown").organization("unknown").feature("chat").environment(
            "staging"
        ).build()
        for product, feature in [
            ("saas-platform", "chat"),
            ("api-service", "code-generation"),
            ("app_main", "x"),
        ]:
            MetadataBuilder().customer("cust_1").product(product).feature(feature).environment(
                "staging"
            ).build()


def test_columns_become_record_columns_and_the_rest_goes_to_metadata_json(make_tracker, landing):
    tracker = make_tracker()
    md = full_builder().build()
    tracker.track_call(provider="openai", model="gpt-4o", input_tokens=5, metadata=md, prompt_hash="ab" * 8)
    assert tracker.flush(10)
    (row,) = landed(landing)
    assert row["customer_id"] == "cust_0001" and row["organization_id"] == "org_001"
    assert row["tier_price_usd"] == 199.0 and row["task_type"] == "qa" and row["session_id"] == "sess_01"
    assert row["prompt_hash"] == "abababababababab"
    assert row["metadata"] == {"experiment": {"arm": "b"}, "ip_address": "10.0.0.1"}


def test_per_call_fields_are_refused_in_metadata(make_tracker):
    tracker = make_tracker()
    md = (
        MetadataBuilder()
        .customer("cust_0001")
        .feature("chat")
        .environment("production")
        .custom("cost_usd", 1)
    )
    with pytest.raises(ValidationError, match="per-call field"):
        tracker.track_call(provider="openai", model="gpt-4o", metadata=md.build())
