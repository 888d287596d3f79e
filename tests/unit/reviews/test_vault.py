from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot.reviews.vault import SealBroken, Vault


def test_a_sealed_original_opens_only_for_its_review() -> None:
    vault = Vault((Fernet.generate_key().decode(),))
    sealed = vault.seal("t1", "Call Priya on 415-555-0132.", 60)
    assert sealed and "Priya" not in sealed
    assert vault.open("t1", sealed) == "Call Priya on 415-555-0132."
    with pytest.raises(SealBroken):
        vault.open("t2", sealed)  # the row of another review


def test_a_rotated_key_still_opens_what_the_old_one_sealed() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = Vault((old,)).seal("t1", "text", 60)
    assert Vault((new, old)).open("t1", sealed) == "text"
    with pytest.raises(SealBroken):
        Vault((new,)).open("t1", sealed)


def test_without_a_key_the_original_lives_in_memory_only() -> None:
    vault = Vault()
    assert vault.seal("t1", "text", 60) is None  # nothing for the database
    assert vault.open("t1", None) == "text"
    assert Vault().open("t1", None) is None  # another process (a restart) has nothing
    vault.forget("t1")
    assert vault.open("t1", None) is None
