"""The server-drawn bar charts: every bar carries its label and its number."""

from lisa.dashboards.charts import BAR_AREA, LABEL_CHARACTERS, bar_chart


def test_it_draws_bars_in_proportion_with_their_numbers_written():
    chart = bar_chart([("Dépôt clandestin", 40), ("Bruit", 10), ("Tags", 0)])

    assert chart is not None
    assert [bar.value for bar in chart.bars] == ["40", "10", "0"]
    assert [bar.width for bar in chart.bars] == [BAR_AREA, BAR_AREA / 4, 0]
    assert chart.bars[1].y > chart.bars[0].y


def test_it_shortens_long_labels_but_keeps_them_whole_in_the_title():
    name = "Reports made at a desk or by phone, by category and language"

    chart = bar_chart([(name, 2.5)])

    assert chart is not None
    assert len(chart.bars[0].label) == LABEL_CHARACTERS
    assert chart.bars[0].full_label == name
    assert chart.bars[0].value == "2.5"


def test_it_draws_nothing_without_numbers():
    assert bar_chart([]) is None
