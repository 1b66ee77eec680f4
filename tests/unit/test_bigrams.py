"""The bigram tokeniser: the same pairs for indexed text and for the words searched."""

from __future__ import annotations

from app.db.bigrams import bigram_text, is_exact, match_expression, word_tokens


def test_text_becomes_overlapping_pairs_within_each_run():
    assert bigram_text("防汛值班表") == "防汛 汛值 值班 班表 0"
    # punctuation splits runs, a break token keeps a phrase from running across it
    assert bigram_text("县政办发〔2026〕1号") == "县政 政办 办发 0 20 02 26 0 1号 0"
    assert bigram_text("ETC", None, "", "张") == "et tc 0 0"


def test_words_become_phrases_of_their_pairs():
    assert word_tokens("防汛值班") == [["防汛", "汛值", "值班"]]
    assert match_expression(["值班", "〔2026〕1号"]) == '"值班" AND "20 02 26" AND "1号"'
    assert match_expression(["县", "〔"]) is None  # nothing of two characters: scan


def test_only_letter_and_digit_words_are_answered_by_the_index_alone():
    assert is_exact("值班") and is_exact("张伟强") and is_exact("Tc")
    assert not is_exact("县") and not is_exact("〔2") and not is_exact("张 伟")
