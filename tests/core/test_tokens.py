"""Token handling, property-based: whatever comes in, decoding either yields the claims
that were issued or refuses with a known code; nothing else escapes."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lan_server.core.errors import BadRequest
from lan_server.core.pagination import _decode
from lan_server.core.security import AccessTokens, TokenError, hash_token, new_numeric_code
from lan_server.models import User

KEY = "k" * 48
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
tokens = AccessTokens(KEY, timedelta(minutes=15))


@given(user_id=st.uuids(), school_id=st.uuids(), session_id=st.uuids(),
       role=st.sampled_from(["student", "teacher", "parent", "admin"]),
       age=st.integers(min_value=0, max_value=15 * 60 - 1))
def test_issued_tokens_decode_to_their_claims_until_expiry(user_id, school_id, session_id, role, age) -> None:
    token = tokens.issue(user_id=user_id, role=role, school_id=school_id, session_id=session_id, now=NOW)
    claims = tokens.decode(token, now=NOW + timedelta(seconds=age))
    assert (claims.user_id, claims.school_id, claims.session_id, claims.role) == (user_id, school_id, session_id, role)
    with pytest.raises(TokenError) as expired:
        tokens.decode(token, now=NOW + timedelta(minutes=15))
    assert expired.value.code == "token_expired"


@given(st.text(max_size=300))
def test_arbitrary_strings_are_refused_cleanly(text: str) -> None:
    with pytest.raises(TokenError) as refused:
        tokens.decode(text, now=NOW)
    assert refused.value.code == "token_invalid"


@given(position=st.integers(min_value=0, max_value=10_000), replacement=st.characters(codec="ascii"))
def test_a_tampered_token_is_refused(position: int, replacement: str) -> None:
    token = tokens.issue(user_id=uuid.uuid4(), role="student", school_id=uuid.uuid4(), session_id=uuid.uuid4(), now=NOW)
    index = position % len(token)
    if token[index] == replacement:
        return
    tampered = token[:index] + replacement + token[index + 1:]
    try:
        claims = tokens.decode(tampered, now=NOW)
    except TokenError:
        return
    # Base64 padding bits can change without changing the bytes: then it is the same token.
    assert tokens.decode(token, now=NOW) == claims


@settings(max_examples=50)
@given(payload=st.dictionaries(st.sampled_from(["sub", "role", "school", "jti", "sid", "exp", "typ", "iss"]),
                               st.one_of(st.text(max_size=40), st.integers(), st.none(), st.floats(allow_nan=False))))
def test_validly_signed_but_malformed_claims_are_refused(payload: dict) -> None:
    # Signed as raw JSON so that even claims PyJWT would refuse to encode reach decode().
    token = jwt.PyJWS().encode(json.dumps(payload).encode(), KEY, algorithm="HS256")
    with pytest.raises(TokenError):
        tokens.decode(token, now=NOW)


def test_another_key_or_algorithm_is_refused() -> None:
    good = {"sub": str(uuid.uuid4()), "role": "admin", "school": str(uuid.uuid4()), "jti": "j",
            "sid": str(uuid.uuid4()), "exp": int((NOW + timedelta(minutes=5)).timestamp()),
            "iss": "ecep", "typ": "access"}
    for token in (jwt.encode(good, "x" * 48, algorithm="HS256"), jwt.encode(good, None, algorithm="none")):
        with pytest.raises(TokenError):
            tokens.decode(token, now=NOW)


@given(st.text(max_size=200))
def test_cursors_either_decode_or_are_a_clean_400(text: str) -> None:
    try:
        _decode(text, [User.last_name, User.first_name, User.id])
    except BadRequest as exc:
        assert exc.code == "invalid_cursor"


@given(st.lists(st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=4))
def test_cursor_json_of_any_shape_is_refused_or_typed(values: list) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
    try:
        decoded = _decode(cursor, [User.last_name, User.id])
    except BadRequest:
        return
    assert isinstance(decoded[1], uuid.UUID)


def test_opaque_token_hashing_and_codes() -> None:
    assert hash_token(" abc ") == hash_token("abc") and len(hash_token("abc")) == 64
    codes = {new_numeric_code() for _ in range(200)}
    assert all(len(c) == 8 and c.isdigit() for c in codes) and len(codes) > 190
