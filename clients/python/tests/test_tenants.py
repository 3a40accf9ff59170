"""Isolation, reset, scenario swap and tenants on demand, through the plugin's helpers."""

import json
import os
import subprocess

import pytest
import requests
from auth0.authentication import GetToken, Users
from auth0.exceptions import Auth0Error

from pytest_fake_auth0 import FakeAuth0Error, Tenant
from support import ALICE, ALICE_REFRESH_TOKEN, API, M2M, WEB


def refresh(tenant, token=ALICE_REFRESH_TOKEN) -> dict:
    return GetToken(tenant.domain, WEB[0], client_secret=WEB[1], protocol="http").refresh_token(token)


def test_each_test_gets_its_own_tenant(fake_auth0, fake_auth0_process):
    other = fake_auth0_process.create_tenant()
    try:
        assert (other.port, other.issuer) != (fake_auth0.port, fake_auth0.issuer)
        assert other.id != fake_auth0.id and fake_auth0.id in {t.id for t in fake_auth0_process.tenants()}
        # state is not shared: the clock, the vault
        fake_auth0.advance_clock(3600)
        assert other.clock()["now"] < fake_auth0.clock()["now"]
        fake_auth0.unlink_account(ALICE, "github")
        assert len(other.vault_accounts(user=ALICE, connection="github")) == 1
        # a token from one tenant is refused by the other (another issuer)
        token = refresh(other)["access_token"]
        with pytest.raises(Auth0Error) as refused:
            Users(fake_auth0.domain, protocol="http").userinfo(token)
        assert refused.value.status_code == 401
    finally:
        fake_auth0_process.delete_tenant(other)
    with pytest.raises(requests.ConnectionError):  # its ports are closed
        requests.get(other.url_for("/.well-known/openid-configuration"), timeout=5)


def test_reset_restores_the_scenario_and_keeps_the_keys(fake_auth0):
    jwks = requests.get(fake_auth0.jwks_url, timeout=5).json()
    start = fake_auth0.clock()["now"]
    rotated_scenario = {
        "clients": [{"id": "app", "type": "regular_web", "secret": "s", "grants": ["refresh_token"],
                     "refresh_token_rotation": True}],
        "users": [{"sub": ALICE}],
        "refresh_tokens": [{"token": "seed-rt", "client": "app", "user": ALICE, "scope": "openid offline_access"}],
    }
    fake_auth0.load_scenario(rotated_scenario)
    rotate = GetToken(fake_auth0.domain, "app", client_secret="s", protocol="http")
    assert "refresh_token" in rotate.refresh_token("seed-rt")
    with pytest.raises(Auth0Error):  # reuse of a rotated token
        rotate.refresh_token("seed-rt")
    fake_auth0.advance_clock(7200)
    fake_auth0.freeze_clock()
    fake_auth0.approve_next(ALICE)

    fake_auth0.reset()
    assert "refresh_token" in rotate.refresh_token("seed-rt")  # the seeded token is fresh again
    clock = fake_auth0.clock()
    assert clock["frozen"] is False and start <= clock["now"] < start + 7200
    assert requests.get(fake_auth0.jwks_url, timeout=5).json() == jwks


def test_reset_forgets_ciba_vault_and_provider_changes(fake_auth0):
    fake_auth0.unlink_account(ALICE, "github")
    fake_auth0.link_account("auth0|bob", "github", "repo")
    fake_auth0.deny_next(ALICE)
    fake_auth0.admin("POST", "/ciba/next", {"decision": "approve"})
    fake_auth0.reset()
    assert [a["connection"] for a in fake_auth0.vault_accounts(user=ALICE, connection="github")] == ["github"]
    assert fake_auth0.vault_accounts(user="auth0|bob") == []
    assert fake_auth0.ciba_requests() == []


def test_a_bad_scenario_is_refused_and_the_old_one_keeps_serving(fake_auth0):
    with pytest.raises(FakeAuth0Error) as refused:
        fake_auth0.load_scenario({"clients": [{"id": "x", "type": "nonsense"}]})
    assert refused.value.status == 400 and refused.value.error == "invalid_scenario"
    assert refused.value.problems and all(":" in line for line in refused.value.problems)
    assert "access_token" in GetToken(fake_auth0.domain, M2M[0], client_secret=M2M[1],
                                      protocol="http").client_credentials(API)


def test_scenario_files_keep_their_name_in_problems(fake_auth0, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("users:\n  - sub: a\n  - sub: a\n")
    with pytest.raises(FakeAuth0Error) as refused:
        fake_auth0.load_scenario(bad)
    assert refused.value.problems[0].startswith(f"{bad}:users")


def test_unknown_and_deleted_tenants_are_404(fake_auth0_process):
    tenant = fake_auth0_process.create_tenant()
    fake_auth0_process.delete_tenant(tenant)
    for tenant_id in (tenant.id, "no-such-tenant"):
        with pytest.raises(FakeAuth0Error) as missing:
            fake_auth0_process.delete_tenant(tenant_id)
        assert missing.value.status == 404 and missing.value.error == "not_found"


def test_a_tenant_with_a_bad_scenario_is_not_created(fake_auth0_process):
    before = {t.id for t in fake_auth0_process.tenants()}
    with pytest.raises(FakeAuth0Error) as refused:
        fake_auth0_process.create_tenant(b"clients: [")
    assert refused.value.status == 400 and refused.value.error == "invalid_scenario"
    assert {t.id for t in fake_auth0_process.tenants()} == before


@pytest.mark.fake_auth0_scenario({"clients": [{"id": "only-app", "type": "m2m", "secret": "x"}],
                                  "apis": [{"audience": "urn:only", "clients": ["only-app"]}]})
def test_env_matches_the_cli(fake_auth0, fake_auth0_process, tmp_path):
    variables = fake_auth0.env()
    assert variables["AUTH0_DOMAIN"] == fake_auth0.domain
    assert (variables["AUTH0_CLIENT_ID"], variables["AUTH0_AUDIENCE"]) == ("only-app", "urn:only")
    assert variables["NODE_EXTRA_CA_CERTS"] == fake_auth0.ca_file

    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"clients": [{"id": "only-app", "type": "m2m", "secret": "x"}],
                                    "apis": [{"audience": "urn:only", "clients": ["only-app"]}]}))
    ready = tmp_path / "ready.json"
    ready.write_text(json.dumps(fake_auth0.info))
    printed = subprocess.run([str(fake_auth0_process.binary), "env", "--scenario", str(scenario),
                              "--ready-file", str(ready)], capture_output=True, text=True, check=True).stdout
    exported = dict(line.removeprefix("export ").replace("'", "").split("=", 1) for line in printed.splitlines())
    assert exported == variables


@pytest.mark.parametrize("fake_auth0", ["scenarios/agent-block.yaml"], indirect=True)
def test_an_indirect_parameter_picks_the_scenario(fake_auth0, fake_auth0_env):
    assert fake_auth0_env["AUTH0_CLIENT_ID"] == "shop-agent"
    assert os.environ["AUTH0_DOMAIN"] == fake_auth0.domain
    assert os.environ["SSL_CERT_FILE"] == fake_auth0.ca_file


def test_the_process_tenant_is_a_tenant_too(fake_auth0_process):
    main = fake_auth0_process.tenant
    assert isinstance(main, Tenant) and main.id is None
    discovery = requests.get(main.url_for("/.well-known/openid-configuration"), timeout=5).json()
    assert discovery["issuer"] == main.issuer
