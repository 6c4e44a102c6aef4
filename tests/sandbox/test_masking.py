"""What the journal masks, string by string: each secret replaced, everything else kept as is."""

from __future__ import annotations

import pytest

from sandbox.masking import MASK, mask, mask_headers, mask_text


def test_the_mask_is_three_stars() -> None:
    assert MASK == "***"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("/login?password=s3cret&user=jean", "/login?password=***&user=jean"),
        ("user=jean&client_secret=abc", "user=jean&client_secret=***"),
        ("a=1;token=xyz", "a=1;token=***"),
        ('{"next": "x token=y"}', '{"next": "x token=***"}'),
        ("a=1&api_key=K1&csrf_token=T&sessionid=S", "a=1&api_key=***&csrf_token=***&sessionid=***"),
        ("jeton_launch=J1#frag", "jeton_launch=***#frag"),
        ("?signature=abc def", "?signature=*** def"),
        ("motdepasse=x", "motdepasse=***"),
        ("user=jean&name=Martin", "user=jean&name=Martin"),
        ("no secret here", "no secret here"),
        ("password", "password"),
        (
            '<input type="hidden" name="csrf_token" value="T0K3N">',
            '<input type="hidden" name="csrf_token" value="***">',
        ),
        (
            '<input value="T0K3N" type="hidden" name="csrf_token">',
            '<input value="***" type="hidden" name="csrf_token">',
        ),
        ('<meta name="csrf-token" content="abc">', '<meta name="csrf-token" content="***">'),
        ('<input id="password" value="pw">', '<input id="password" value="***">'),
        ('<input name="nom" value="Martin">', '<input name="nom" value="Martin">'),
        ('<input value="Martin" name="nom">', '<input value="Martin" name="nom">'),
    ],
)
def test_text_secrets_are_masked_and_the_rest_kept(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_json_values_are_masked_by_key_and_strings_scanned() -> None:
    body = {
        "login": "953617Z",
        "password": "spoticar",
        "Client_Secret": "s",
        "nested": [{"access_token": "a", "value": "keep"}, "next=/x?token=t", 3, None, True],
        7: "seven",
    }
    assert mask(body) == {
        "login": "953617Z",
        "password": MASK,
        "Client_Secret": MASK,
        "nested": [{"access_token": MASK, "value": "keep"}, "next=/x?token=***", 3, None, True],
        7: "seven",
    }
    assert mask("plain") == "plain"
    assert mask(12.5) == 12.5


def test_secret_headers_are_masked_whole_and_others_scanned() -> None:
    headers = {
        "Authorization": "Bearer abc",
        "Cookie": "session=xyz",
        "Set-Cookie": "session=xyz; HttpOnly",
        "X-Api-Key": "k",
        "X-CSRF-Token": "t",
        "Referer": "http://127.0.0.1/cb?code=1&token=t",
        "Content-Type": "application/json",
    }
    assert mask_headers(headers) == {
        "Authorization": MASK,
        "Cookie": MASK,
        "Set-Cookie": MASK,
        "X-Api-Key": MASK,
        "X-CSRF-Token": MASK,
        "Referer": "http://127.0.0.1/cb?code=1&token=***",
        "Content-Type": "application/json",
    }
