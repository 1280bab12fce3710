"""Shared fixtures of the airflow-dags tests (run by scripts/test.sh; see README "Running from
Airflow"). The tests run in the virtualenv of scripts/services/airflow, with real Airflow."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
DAGS = TESTS.parent / "dags"
REPO = TESTS.parents[1]
sys.path.insert(0, str(DAGS))


@pytest.fixture(scope="session")
def dagbag():
    from airflow.models.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS), include_examples=False)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def env_or_default(name: str, default: str) -> str:
    return os.environ.get(name) or default
