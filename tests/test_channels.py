"""Channels against real servers on 127.0.0.1: aiosmtpd for e-mail, an HTTP receiver for webhooks and
Apprise, real directories for files. Every failure must surface as a DeliveryError with a plain message."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from monitor.channels import DeliveryError, deliver
from monitor.config import ChannelSettings
from monitor.digest import Digest, DigestAlert, render
from tests.servers.smtp import SmtpServer, free_port, self_signed_certificate
from tests.servers.webhook import WebhookReceiver

WHEN = datetime(2019, 5, 1, 12, 0, tzinfo=UTC)


def make_digest(digest_id: str = "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8") -> Digest:
    return Digest(
        id=digest_id,
        channel="desk",
        story_title="Venezuela uprising",
        created_at=WHEN,
        alerts=(
            DigestAlert(
                id=1,
                kind="contradicts",
                claim_id="c1",
                claim_statement="The military joined the uprising.",
                outlet="rt",
                outlet_title="RT",
                url="https://www.rt.com/news/458167-venezuela-coup-attempt/",
                title="Coup attempt <fizzles>",
                evidence="The troops stayed loyal, officials said. <script>alert(1)</script>",
                reason="says the opposite of the claim (troops stayed loyal)",
                created_at=WHEN,
            ),
        ),
    )


def email_channel(port: int, **fields: object) -> ChannelSettings:
    values: dict[str, object] = {
        "name": "desk-mail",
        "kind": "email",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "security": "none",
        "sender": "Monitor <monitor@desk.example>",
        "to": ("analyst@desk.example", "editor@desk.example"),
    }
    return ChannelSettings(**(values | fields))


async def send(
    channel: ChannelSettings, env: dict[str, str] | None = None, digest: Digest | None = None
) -> None:
    digest = digest or make_digest()
    await deliver(channel, digest, render(digest), env or {})


# --- e-mail -----------------------------------------------------------------------------------------------


async def test_email_is_multipart_text_and_html_with_the_digest_headers():
    with SmtpServer() as smtp:
        await send(email_channel(smtp.port))
        [received] = smtp.received
    rendered = render(make_digest())
    mail = received.message
    assert received.recipients == ("analyst@desk.example", "editor@desk.example")
    assert mail.get_content_type() == "multipart/alternative"
    assert mail["Subject"] == rendered.subject
    assert mail["From"] == "Monitor <monitor@desk.example>"
    assert mail["To"] == "analyst@desk.example, editor@desk.example"
    assert parsedate_to_datetime(mail["Date"]) == WHEN
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "The troops stayed loyal, officials said." in text
    assert "&lt;script&gt;" in html and "<script>" not in html


async def test_a_digest_sent_twice_carries_the_same_message_id():
    with SmtpServer() as smtp:
        await send(email_channel(smtp.port))
        await send(email_channel(smtp.port))
        await send(email_channel(smtp.port), digest=make_digest("another-digest"))
        first, retry, other = smtp.wait_for(3)
    assert first["Message-ID"] == retry["Message-ID"]
    assert first["Message-ID"].startswith("<") and first["Message-ID"].endswith("@desk.example>")
    assert other["Message-ID"] != first["Message-ID"]


async def test_dead_smtp_server_is_a_delivery_error():
    port = free_port()  # nothing listens there
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port} refused the connection"):
        await send(email_channel(port))


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    pytest.importorskip("cryptography", reason="the TLS tests make a certificate with `cryptography`")
    files = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(files.authority))  # how the client comes to trust it
    return files


async def test_starttls_with_login_and_password_from_the_environment(certificate):
    users = {"monitor": "s3cret"}
    with SmtpServer(security="starttls", certificate=certificate, users=users) as smtp:
        channel = email_channel(smtp.port, security="starttls", username="monitor", password_env="SMTP_PASS")
        await send(channel, {"SMTP_PASS": "s3cret"})
        [received] = smtp.received
    assert received.login == "monitor"
    assert received.message["Subject"] == render(make_digest()).subject


async def test_wrong_password_is_a_delivery_error(certificate):
    with SmtpServer(security="starttls", certificate=certificate, users={"monitor": "s3cret"}) as smtp:
        channel = email_channel(smtp.port, security="starttls", username="monitor", password_env="SMTP_PASS")
        with pytest.raises(DeliveryError, match="rejected the login of monitor"):
            await send(channel, {"SMTP_PASS": "guess"})
        assert smtp.received == []


async def test_implicit_tls(certificate):
    with SmtpServer(security="tls", certificate=certificate) as smtp:
        await send(email_channel(smtp.port, security="tls"))
        assert len(smtp.received) == 1


async def test_a_certificate_nobody_vouches_for_is_refused(tmp_path):
    pytest.importorskip("cryptography", reason="the TLS tests make a certificate with `cryptography`")
    untrusted = self_signed_certificate(tmp_path)
    with SmtpServer(security="starttls", certificate=untrusted) as smtp:
        with pytest.raises(DeliveryError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
            await send(email_channel(smtp.port, security="starttls"))
        assert smtp.received == []


async def test_starttls_required_but_not_offered_is_refused_not_downgraded():
    with SmtpServer() as smtp:
        with pytest.raises(DeliveryError, match="STARTTLS"):
            await send(email_channel(smtp.port, security="starttls"))
        assert smtp.received == []


async def test_missing_password_variable_is_named():
    with SmtpServer() as smtp:
        channel = email_channel(smtp.port, username="monitor", password_env="DESK_SMTP_PASSWORD")
        with pytest.raises(DeliveryError, match="DESK_SMTP_PASSWORD is not set"):
            await send(channel, {})
        assert smtp.received == []


# --- webhook ----------------------------------------------------------------------------------------------


def webhook_channel(url: str, **fields: object) -> ChannelSettings:
    return ChannelSettings(
        **({"name": "hook", "kind": "webhook", "url": url, "secret_env": "HOOK_KEY"} | fields)
    )


async def test_webhook_posts_the_payload_signed_over_the_exact_body():
    with WebhookReceiver(secret="k3y") as hook:
        await send(webhook_channel(hook.url), {"HOOK_KEY": "k3y"})
        [request] = hook.requests
    assert request.signed is True
    assert request.headers["x-monitor-digest-id"] == "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8"
    assert request.headers["content-type"].startswith("application/json")
    assert request.json() == render(make_digest()).payload


async def test_webhook_signed_with_another_secret_is_refused_by_the_receiver():
    with WebhookReceiver(secret="k3y") as hook:
        with pytest.raises(DeliveryError, match="answered 401"):
            await send(webhook_channel(hook.url), {"HOOK_KEY": "not-the-key"})
        assert [r.signed for r in hook.requests] == [False]


async def test_webhook_server_error_is_a_delivery_error_and_a_retry_succeeds():
    with WebhookReceiver(secret="k3y") as hook:
        hook.fail_next(status=500)
        with pytest.raises(DeliveryError, match="answered 500"):
            await send(webhook_channel(hook.url), {"HOOK_KEY": "k3y"})
        await send(webhook_channel(hook.url), {"HOOK_KEY": "k3y"})
        first, retry = hook.requests
    assert first.body == retry.body  # the same digest, byte for byte: the receiver can drop the duplicate


async def test_webhook_error_does_not_reveal_the_token_in_the_url():
    with WebhookReceiver() as hook:
        hook.fail_next(status=503)
        with pytest.raises(DeliveryError) as caught:
            await send(webhook_channel(f"{hook.url}/T0PSECRET", secret_env=None))
    assert "T0PSECRET" not in str(caught.value)
    assert f"127.0.0.1:{hook.port}" in str(caught.value)


async def test_webhook_missing_secret_variable_is_named_and_nothing_is_sent():
    with WebhookReceiver(secret="k3y") as hook:
        with pytest.raises(DeliveryError, match="HOOK_KEY is not set"):
            await send(webhook_channel(hook.url), {})
        assert hook.requests == []


async def test_webhook_url_that_is_not_http_is_a_delivery_error():
    with pytest.raises(DeliveryError, match="must be http"):
        await send(webhook_channel("file:///etc/passwd", secret_env=None))


async def test_webhook_unreachable_is_a_delivery_error():
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{(port := free_port())}"):
        await send(webhook_channel(f"http://127.0.0.1:{port}/hook", secret_env=None))


# --- files ------------------------------------------------------------------------------------------------


def files_channel(directory: Path) -> ChannelSettings:
    return ChannelSettings(name="archive", kind="files", directory=str(directory))


async def test_files_are_written_whole_into_a_new_directory(tmp_path):
    directory = tmp_path / "digests" / "desk"
    await send(files_channel(directory))
    await send(files_channel(directory))  # a retry rewrites the same two files
    rendered = render(make_digest())
    assert sorted(p.name for p in directory.iterdir()) == [
        "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.html",
        "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.md",
    ]
    assert (directory / "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.md").read_text(
        encoding="utf-8"
    ) == rendered.markdown
    assert (directory / "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.html").read_text(encoding="utf-8") == rendered.html


async def test_a_digest_id_cannot_write_outside_the_directory(tmp_path):
    directory = tmp_path / "out"
    await send(files_channel(directory), digest=make_digest("../../escape"))
    assert [p.parent for p in tmp_path.rglob("*.md")] == [directory]


async def test_unwritable_directory_is_a_delivery_error(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the directory should be")
    with pytest.raises(DeliveryError, match="cannot write the digest to"):
        await send(files_channel(blocker / "digests"))


async def test_a_failed_write_leaves_no_half_file(tmp_path):
    directory = tmp_path / "digests"
    # The .html name is taken by a directory: the write fails after the temporary files were made.
    (directory / "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.html" / "occupied").mkdir(parents=True)
    with pytest.raises(DeliveryError):
        await send(files_channel(directory))
    assert not [p for p in directory.iterdir() if p.name.endswith(".tmp")]
    assert (directory / "5d0c2a9e41b34f7f8e61c0a3b2d4e6f8.html").is_dir()


# --- apprise ----------------------------------------------------------------------------------------------


def apprise_channel() -> ChannelSettings:
    return ChannelSettings(name="chat", kind="apprise", urls_env="DESK_APPRISE_URLS")


def json_url(hook: WebhookReceiver) -> str:
    return f"json://127.0.0.1:{hook.port}/apprise"


async def test_apprise_delivers_to_every_url_in_the_variable():
    with WebhookReceiver() as first, WebhookReceiver() as second:
        await send(apprise_channel(), {"DESK_APPRISE_URLS": f" {json_url(first)},\n {json_url(second)} "})
        [one], [two] = first.requests, second.requests
    rendered = render(make_digest())
    for request in (one, two):
        notification = request.json()
        assert request.path == "/apprise"
        assert notification["title"] == rendered.subject
        assert "The troops stayed loyal, officials said." in notification["message"]


async def test_apprise_failure_is_a_delivery_error():
    with WebhookReceiver(status=500) as hook, pytest.raises(DeliveryError, match="Apprise could not deliver"):
        await send(apprise_channel(), {"DESK_APPRISE_URLS": json_url(hook)})


async def test_apprise_url_it_does_not_know_is_named_by_position_not_content():
    with pytest.raises(DeliveryError, match=r"URL #1 \(scheme 'nosuch'\)") as caught:
        await send(apprise_channel(), {"DESK_APPRISE_URLS": "nosuch://user:t0ken@host"})
    assert "t0ken" not in str(caught.value)


async def test_apprise_missing_variable_is_named():
    with pytest.raises(DeliveryError, match="DESK_APPRISE_URLS is not set"):
        await send(apprise_channel(), {})
