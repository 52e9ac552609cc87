from app.sanitize import for_display


def test_bidi_override_is_made_visible() -> None:
    name = "photo\u202egpj.exe"
    shown = for_display(name)
    assert "\u202e" not in shown
    assert "\\u202e" in shown


def test_control_characters_are_escaped_and_newlines_flattened() -> None:
    assert for_display("a\x1b[2Jb\nc") == "a\\u001b[2Jb c"


def test_cyrillic_is_kept() -> None:
    assert for_display("Свядомасць і Минск") == "Свядомасць і Минск"


def test_long_text_is_cut() -> None:
    assert for_display("x" * 600, limit=10) == "x" * 10 + "…"
