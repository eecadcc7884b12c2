"""URL values are validated; a bad one gives a message naming it and the valid choices."""
from explorer import urlstate


def test_choice_known_and_default():
    assert urlstate.read_choice({"period": "pdu-2021"}, "period", ["latest", "pdu-2021"], "latest").value == "pdu-2021"
    read = urlstate.read_choice({}, "period", ["latest"], "latest")
    assert read.value == "latest" and read.message is None


def test_choice_unknown_names_value_and_choices():
    read = urlstate.read_choice({"period": "pdu-2012"}, "period", ["latest", "pdu-2021"], "latest")
    assert read.value == "latest"
    assert '"pdu-2012"' in read.message and "pdu-2021" in read.message and "Did you mean" in read.message


def test_message_never_echoes_markup():
    read = urlstate.read_choice({"org": "<script>alert(1)</script>"}, "org", ["a"], "a")
    assert "<" not in read.message and ">" not in read.message


def test_ids_keep_known_drop_unknown():
    read = urlstate.read_ids({"orgs": "crc-c03, nps-n02,crc-c99,crc-c03"}, "orgs", ["crc-c03", "nps-n02"])
    assert read.value == ["crc-c03", "nps-n02"]
    assert "crc-c99" in read.message


def test_ids_limit():
    known = [f"o{i}" for i in range(30)]
    read = urlstate.read_ids({"orgs": ",".join(known)}, "orgs", known, limit=5)
    assert read.value == known[:5] and "first 5" in read.message


def test_int_and_flag():
    assert urlstate.read_int({"months": "18"}, "months", 24, 1, 120).value == 18
    bad = urlstate.read_int({"months": "999"}, "months", 24, 1, 120)
    assert bad.value == 24 and "from 1 to 120" in bad.message
    assert urlstate.read_flag({"x": "off"}, "x", True).value is False
    assert urlstate.read_flag({"x": "maybe"}, "x", True).message
