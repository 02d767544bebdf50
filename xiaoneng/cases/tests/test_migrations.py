"""The migrations that move case data, run on a database that holds cases."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from xiaoneng.cases.models import RuleSet
from xiaoneng.catalog.demo import seed_catalog
from xiaoneng.catalog.models import ServiceItem

BEFORE = [("cases", "0017_case_light")]
AFTER = [("cases", "0020_case_table_rewritten")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_case_keeps_its_rules_in_a_shared_rule_set(transactional_org):
    seed_catalog()
    items = list(ServiceItem.objects.select_related("unit").order_by("pk")[:2])
    shared = {"promised_limit_days": 15, "statutory_limit_days": 20, "stages": [{"code": "a"}]}
    own = {"statutory_limit_days": 30, "promised_limit_days": 30, "warning_days": 3}
    try:
        old = migrate(BEFORE)
        case_model = old.get_model("cases", "Case")
        for n, (item, rules) in enumerate(
            [(items[0], shared), (items[1], shared), (items[0], own)]
        ):
            case_model.objects.create(
                number=f"MIG-{n}",
                service_item_id=item.pk,
                authority_id=item.unit_id,
                unit_id=item.unit_id,
                channel="window",
                status="in_review",
                applicant_kind="org",
                applicant_name="迁移测试公司",
                phone="13800000000",
                received_on=date(2026, 11, 2),
                rules=rules,
            )

        new = migrate(AFTER)
        cases = {
            case.number: case
            for case in new.get_model("cases", "Case").objects.select_related("rule_set")
        }
        assert cases["MIG-0"].rule_set_id == cases["MIG-1"].rule_set_id
        assert cases["MIG-0"].rule_set.rules == shared
        assert cases["MIG-2"].rule_set.rules == own
        for rule_set in new.get_model("cases", "RuleSet").objects.all():
            # The digest the running code computes: it finds these sets, not new copies.
            assert rule_set.digest == RuleSet.digest_of(rule_set.rules)
        assert RuleSet.of(shared).pk == cases["MIG-0"].rule_set_id

        back = migrate(BEFORE)
        rules = dict(back.get_model("cases", "Case").objects.values_list("number", "rules"))
        assert rules == {"MIG-0": shared, "MIG-1": shared, "MIG-2": own}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
