"""The providers against the standards' own test vectors: SM3 (GB/T 32905-2016, appendix A),
SM4 (GB/T 32907-2016, appendix A), SM4-GCM (RFC 8998, appendix A.1) and HMAC-SM3 built the
RFC 2104 way by hand. Pure: no Django."""

import pytest

from cms.core.crypto.provider import INTL, SM, DecryptionFailed, provider_named

pytestmark = pytest.mark.pure

sm = provider_named(SM)


def test_sm3_example_1_abc():
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm.digest(b"abc").hex() == expected


def test_sm3_example_2_sixty_four_bytes():
    expected = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    assert sm.digest(b"abcd" * 16).hex() == expected


KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


def test_sm4_example_1_one_block():
    assert sm.block_encrypt(KEY, KEY).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm4_example_2_a_million_encryptions():
    block = KEY
    for _ in range(1_000_000):
        block = sm.block_encrypt(KEY, block)
    assert block.hex() == "595298c7c6fd271f0402f804c33d3f66"


def test_sm4_gcm_rfc_8998():
    nonce = bytes.fromhex("00001234567800000000abcd")
    aad = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    plaintext = bytes.fromhex(
        "".join(byte * 8 for byte in ("aa", "bb", "cc", "dd", "ee", "ff", "ee", "aa"))
    )
    sealed = sm.encrypt(KEY, plaintext, aad, nonce=nonce)
    assert sealed[12:-16].hex() == (
        "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
        "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
    )
    assert sealed[-16:].hex() == "83de3541e4c2b58177e065a9bf7b62ec"
    assert sm.decrypt(KEY, sealed, aad) == plaintext


def test_hmac_sm3_is_rfc_2104_over_sm3():
    key, message = b"k" * 20, b"xiuying"
    block = key.ljust(64, b"\0")
    inner = sm.digest(bytes(b ^ 0x36 for b in block) + message)
    outer = sm.digest(bytes(b ^ 0x5C for b in block) + inner)
    assert sm.mac(key, message) == outer


@pytest.mark.parametrize("name", [SM, INTL])
def test_a_changed_byte_or_another_place_does_not_open(name):
    chosen = provider_named(name)
    key = bytes(range(chosen.key_bytes))
    sealed = chosen.encrypt(key, b"13800138000", b"liaison.phone")
    assert chosen.decrypt(key, sealed, b"liaison.phone") == b"13800138000"
    with pytest.raises(DecryptionFailed):
        chosen.decrypt(key, sealed, b"profile.phone")
    with pytest.raises(DecryptionFailed):
        chosen.decrypt(key, sealed[:-1] + bytes([sealed[-1] ^ 1]), b"liaison.phone")


def test_the_international_provider_is_sha256():
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert provider_named(INTL).digest(b"abc").hex() == expected
