from xiaoneng.cases.tests.conftest import item, reviewed, submit  # noqa: F401
