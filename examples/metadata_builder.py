"""Seed 000, metadata builders and best practices 1, 2 and 5.

- the fluent builder (customer, organization, product, feature, tier, environment, task type,
  session, trace, request, custom);
- hierarchical tagging: multi-tenant, cost-center allocation, SaaS application;
- core metadata is required (customer_id, feature_id, environment);
- inconsistent id formats warn (``MetadataWarning``) but are accepted.

Run: ``.venv/bin/python examples/metadata_builder.py``
"""

from __future__ import annotations

import warnings

from finops_sdk import MetadataBuilder, MetadataWarning, ValidationError


def main() -> None:
    full = (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_001")
        .product("product_a")
        .feature("chat")
        .tier("pro")
        .environment("production")
        .task_type("qa")
        .session("sess_12345")
        .trace("4bf92f3577b34da6a3ce929d0e0e4736")
        .request("req_11111")
        .custom("ip_address", "203.0.113.7")
        .custom("user_agent", "Mozilla/5.0")
        .build()
    )
    print("full metadata:", dict(full))

    multi_tenant = (
        MetadataBuilder()
        .organization("org_acme")
        .product("product_crm")
        .customer("cust_0002")
        .feature("email_assistant")
        .environment("production")
        .build()
    )
    cost_center = (
        MetadataBuilder()
        .organization("org_engineering")
        .product("team_backend")
        .feature("project_api_v2")
        .customer("cust_internal")
        .environment("staging")
        .custom("cost_center", "CC-1234")
        .build()
    )
    saas = (
        MetadataBuilder()
        .product("app_main")
        .customer("cust_0003")
        .tier("enterprise", 999)
        .feature("summarization")
        .environment("production")
        .build()
    )
    for name, md in (("multi-tenant", multi_tenant), ("cost center", cost_center), ("saas", saas)):
        print(f"{name}: {dict(md)}")

    try:
        MetadataBuilder().customer("cust_0001").environment("production").build()
    except ValidationError as exc:
        print(f"rejected: {exc}")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        MetadataBuilder().customer("0001").organization("organization_001").feature("chat").environment(
            "production"
        ).build()
    for warning in caught:
        if issubclass(warning.category, MetadataWarning):
            print(f"warning: {warning.message}")


if __name__ == "__main__":
    main()
