"""The cost maths (hooks/knowledge/render/costs.py) against examples worked by hand in the comments."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from htmlpage import read
from knowledge.records.models import Price, Scenario
from knowledge.render import costs
from knowledge.render.costs import Inputs


def price(record_id: str = "large", **fields: Any) -> Price:
    """A price record with only the prices a test names."""
    base = {
        "title": record_id,
        "summary": "A test price.",
        "provider": "Test AI",
        "model": record_id,
        "checked": date(2026, 11, 20),
        "source": "https://example.org/p",
    }
    return Price(id=record_id, **{**base, **fields})


LARGE = price("large", input_per_mtok=2, cached_input_per_mtok=0.5, output_per_mtok=8, batch_discount=0.5)
SMALL = price("small", input_per_mtok=0.4, output_per_mtok=1.6, training_per_mtok=5, tuned_input_per_mtok=0.8, tuned_output_per_mtok=3.2)
HOSTED = price("hosted", training_per_mtok=2, hosting_per_hour=4)
CASE = Inputs(
    requests_per_month=10_000,
    instruction_tokens=500,
    example_tokens=1_500,
    context_tokens=2_000,
    output_tokens=300,
    cached_share=0.8,
    retrieval_per_1k=0.5,
    training_examples=1_000,
    tokens_per_example=800,
    epochs=3,
    retrain_months=6,
)


def test_prompt_only_at_list_price_with_caching_and_with_batch():
    # List price: (500 + 1,500) input × $2/M + 300 output × $8/M = $0.004 + $0.0024 = $0.0064 a request; × 10,000 = $64.
    assert costs.prompt_monthly(LARGE, CASE, caching=False, batch=False) == pytest.approx(64)
    # Caching: 80% of the 2,000 fixed tokens = 1,600 at $0.5/M ($0.0008), 400 fresh at $2/M ($0.0008), output $0.0024:
    # $0.004 a request; × 10,000 = $40.
    assert costs.prompt_monthly(LARGE, CASE, caching=True, batch=False) == pytest.approx(40)
    # Batch halves all of it: $20.
    assert costs.prompt_monthly(LARGE, CASE, caching=True, batch=True) == pytest.approx(20)


def test_rag_adds_uncached_context_and_retrieval():
    # The cached prompt costs $0.004 a request (above); 2,000 context tokens at $2/M add $0.004: $0.008 × 10,000 = $80;
    # retrieval: 10,000 / 1,000 × $0.50 = $5. Total $85.
    assert costs.rag_monthly(LARGE, CASE) == pytest.approx(85)
    # With batch the tokens halve ($40), retrieval does not: $45.
    assert costs.rag_monthly(LARGE, replace(CASE, batch=True)) == pytest.approx(45)


def test_tuned_model_amortises_training_and_pays_tuned_token_prices():
    # Training: 1,000 examples × 800 tokens × 3 epochs = 2.4M tokens × $5/M = $12; over 6 months, $2 a month.
    assert costs.training_cost(SMALL, CASE) == pytest.approx(12)
    # Inference without the examples: 500 × $0.8/M + 300 × $3.2/M = $0.0004 + $0.00096 = $0.00136 × 10,000 = $13.60.
    assert costs.tuned_inference_monthly(SMALL, CASE) == pytest.approx(13.6)
    assert costs.tuned_monthly(SMALL, CASE) == pytest.approx(15.6)


def test_hourly_hosting_costs_730_hours_whatever_the_volume():
    # $4 an hour × 730 hours = $2,920 a month; training 2.4M tokens × $2/M = $4.80, over 6 months $0.80: $2,920.80.
    assert costs.tuned_monthly(HOSTED, CASE) == pytest.approx(2920.8)
    assert costs.tuned_monthly(HOSTED, replace(CASE, requests_per_month=10_000_000)) == pytest.approx(2920.8)


def test_missing_prices_give_none_and_missing_discounts_change_nothing():
    assert costs.prompt_monthly(HOSTED, CASE, caching=False, batch=False) is None
    assert costs.tuned_monthly(LARGE, CASE) is None
    # SMALL has no cached price and no batch discount: every variant equals the list price,
    # 2,000 × $0.4/M + 300 × $1.6/M = $0.0008 + $0.00048 = $0.00128 × 10,000 = $12.80.
    for caching, batch in ((False, False), (True, False), (True, True)):
        assert costs.prompt_monthly(SMALL, CASE, caching=caching, batch=batch) == pytest.approx(12.8)


def test_break_even_is_the_first_month_from_which_tuning_stays_cheaper():
    # Training $300, running $10, prompting $110 a month, never retrained within the horizon:
    # month 1: 310 > 110; month 2: 320 > 220; month 3: 330 ≤ 330 → month 3, and it stays below after.
    assert costs.break_even_month(300, 10, 110, 36) == 3
    # Tuning costs more to run than prompting: never.
    assert costs.break_even_month(300, 120, 110, 36) is None
    # Cheaper from the first month: 5 + 1 ≤ 10.
    assert costs.break_even_month(5, 1, 10, 36) == 1


def test_retraining_can_push_tuning_back_above_prompting():
    # Training $100 every 3 months, running $0, prompting $40 a month. Cumulative tuning is 100 × ceil(m / 3):
    # month 3: 100 ≤ 120 but month 4: 200 > 160 (retrained), month 6: 200 ≤ 240 but month 7: 300 > 280,
    # month 8: 300 ≤ 320, month 10: 400 ≤ 400, month 13: 500 ≤ 520 ... and from month 8 it never goes above again
    # (the amortised $33.33 a month is below $40, so the gap grows by $20 every 3 months).
    assert costs.break_even_month(100, 0, 40, 3) == 8
    # Training $130 every 3 months: amortised $43.33 > $40, so however often it dips below, it never stays: never.
    assert costs.break_even_month(130, 0, 40, 3) is None


def test_the_estimate_compares_tuning_with_prompting_as_the_reader_would_run_it():
    result = costs.estimate(CASE, LARGE, SMALL)
    assert [cost.option for cost in result.costs] == ["prompt", "prompt-cached", "prompt-batch", "rag", "tuned"]
    assert [cost.text for cost in result.costs] == ["$64.00", "$40.00", "$20.00", "$85.00", "$15.60"]
    # Against caching ($40 a month): 12 + 13.6 = 25.6 ≤ 40 in month 1.
    assert result.break_even.compared_with == "prompt-cached" and result.break_even.month == 1 and result.break_even.text == "month 1"
    # Requests that can wait: against batch ($20 a month) the training of $12 is paid back when
    # 12 × ceil(m / 6) + 13.6 m ≤ 20 m, i.e. 12 ≤ 6.4 m: month 2 (12.8), and after each retraining 24 ≤ 6.4 × 7 ...
    waiting = costs.estimate(replace(CASE, batch=True), LARGE, SMALL)
    assert waiting.break_even.compared_with == "prompt-batch" and waiting.break_even.month == 2
    assert "Equal quality" in result.cost("tuned").assumption and "equal quality" in result.break_even.assumption
    assert "80% of the instructions and examples" in result.cost("prompt-cached").assumption
    assert "50% off every token" in result.cost("prompt-batch").assumption
    assert result.break_even.assumption.startswith("Flat volume and today's prices for 36 months")


def test_low_volume_tuning_never_pays_back():
    # 100 requests a month: prompting with caching costs $0.40; tuning runs at $0.136 a month but its $12
    # training comes back every 6 months ($2 a month amortised): never.
    result = costs.estimate(replace(CASE, requests_per_month=100), LARGE, SMALL)
    assert result.break_even.month is None and result.break_even.text == "never (within 36 months)"


def test_two_currencies_cannot_be_compared():
    euro = price("euro", currency="EUR", training_per_mtok=5, tuned_input_per_mtok=0.8, tuned_output_per_mtok=3.2)
    result = costs.estimate(CASE, LARGE, euro)
    assert result.break_even.month is None and result.break_even.reason == "the two models are priced in different currencies"
    assert result.break_even.text == "not known" and result.cost("tuned").text == "€15.60"


def test_money_rounds_half_up_as_the_script_does():
    assert costs.money(0.125, "USD") == "$0.13"  # Python's round() would give 0.12
    assert costs.money(99.994, "USD") == "$99.99"
    assert costs.money(99.996, "USD") == "$100"
    assert costs.money(1234.5, "USD") == "$1,235"
    assert costs.money(10_000_000.4, "EUR") == "€10,000,000"
    assert costs.percent(0.8) == "80%" and costs.count(60_833_333.3) == "60,833,333"


def test_default_models_are_the_dearest_to_prompt_and_the_cheapest_to_tune():
    dear = price("dear", input_per_mtok=15, cached_input_per_mtok=1.5, output_per_mtok=75, batch_discount=0.5)
    closing = price("closing", input_per_mtok=30, cached_input_per_mtok=3, output_per_mtok=90, batch_discount=0.5, closing="Ends on 2027-01-31.")
    dearer_without_cache = price("plain", input_per_mtok=20, output_per_mtok=80)
    every = [SMALL, LARGE, dear, closing, dearer_without_cache, HOSTED]
    assert costs.default_prompt_model(every) == dear and costs.default_tuned_model(every, "USD") == SMALL
    assert costs.default_prompt_model([SMALL, dearer_without_cache]) == dearer_without_cache  # none has every price: the dearest
    assert costs.default_tuned_model([LARGE], "USD") is None  # no tuning offer
    assert costs.default_prompt_model([HOSTED]) is None  # nothing to prompt


def test_without_a_tuning_offer_prompting_and_rag_are_still_priced():
    # LARGE at 300,000 requests: list price (2,000 × $2/M + 300 × $8/M) × 300,000 = $1,920.
    calculator = costs.calculator([LARGE])
    assert [table.estimate.inputs.requests_per_month for table in calculator.tables] == [10_000, 300_000, 10_000_000]
    medium = calculator.tables[1].estimate
    assert medium.cost("prompt").text == "$1,920"
    assert medium.cost("rag").monthly is not None
    tuned = medium.cost("tuned")
    assert tuned.price is None and tuned.text == "not priced" and "No tuning offer has a price record yet" in tuned.assumption
    assert medium.break_even.text == "not known" and medium.break_even.reason == "no price record holds a tuning offer yet"
    assert costs.calculator([HOSTED]).tables == ()  # nothing to prompt: nothing to price


def test_the_calculator_data_cannot_break_out_of_its_script_element():
    # Validation rejects markup in record text; the escaping is the second line of defence, so bypass the first.
    hostile = price("hostile", input_per_mtok=1, output_per_mtok=1).model_copy(update={"model": "</script><script>alert(1)</script>"})
    calculator = costs.calculator([LARGE, SMALL, hostile])
    text = calculator.data_json()
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert next(item for item in data["prices"] if item["id"] == "hostile")["model"] == "</script><script>alert(1)</script>"
    assert data["defaults"]["prompt_model"] == "large" and data["defaults"]["tuned_model"] == "small"
    assert [table.estimate.inputs.requests_per_month for table in calculator.tables] == [10_000, 300_000, 10_000_000]


def scenario(**profile: Any) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "s",
            "title": "S",
            "summary": "A scenario.",
            "domain": "web3",
            "task_type": "classification",
            "data_situation": "labelled-dataset",
            "volume": "high",
            "context": "Some context.",
            "recommended_start": "peft",
            "why": ["Because."],
            "fails_when": ["Never."],
            "decision": {"answers": {"q": "a"}},
            "last_reviewed": "2026-11-20",
            "token_profile": profile,
        }
    )


def test_a_tuned_start_is_weighed_against_prompting_the_large_model():
    # 24,000 requests a day × 730 / 24 = 730,000 a month.
    # Prompting LARGE: 1,000 × $2/M + 50 × $8/M = $0.0024 a request × 730,000 = $1,752.
    # Tuned SMALL: training 10,000 examples × (200 + 50) tokens × 3 epochs = 7.5M tokens × $5/M = $37.50, over 3 months $12.50;
    # inference 200 × $0.8/M + 50 × $3.2/M = $0.00032 × 730,000 = $233.60; total $246.10.
    case = scenario(requests_per_day=24_000, prompt_tokens=1_000, output_tokens=50, tuned_prompt_tokens=200, training_examples=10_000, retrain_months=3)
    sketch = costs.scenario_sketch(case, "fine-tuning", [LARGE, SMALL])
    assert sketch is not None
    assert [(row.role, row.option, row.text) for row in sketch.rows] == [("start", "tuned", "$246"), ("alternative", "prompt", "$1,752")]
    # 37.5 + 233.6 ≤ 1,752 in month 1.
    assert sketch.break_even is not None and sketch.break_even.month == 1
    assert any("Equal quality" in line for line in sketch.assumptions)


def test_a_retrieval_start_is_weighed_against_a_tuned_model_and_routing_against_prompting():
    case = scenario(requests_per_day=24_000, prompt_tokens=1_000, output_tokens=50)
    rag = costs.scenario_sketch(case, "retrieval", [LARGE, SMALL])
    assert rag is not None and [row.option for row in rag.rows] == ["rag", "tuned"]
    assert any("Retrieval itself" in line for line in rag.assumptions)
    # Routing 70% to SMALL: SMALL costs 1,000 × $0.4/M + 50 × $1.6/M = $0.00048 × 730,000 = $350.40, LARGE $1,752:
    # 0.7 × 350.40 + 0.3 × 1,752 = 245.28 + 525.60 = $770.88.
    routed = costs.scenario_sketch(scenario(requests_per_day=24_000, prompt_tokens=1_000, output_tokens=50, small_model_share=0.7), "hybrid", [LARGE, SMALL])
    assert routed is not None and [(row.option, row.text) for row in routed.rows] == [("routed", "$771"), ("prompt", "$1,752")]
    assert routed.break_even is None and "the small model is assumed to answer its share" in routed.assumptions[-1]
    # Routing needs no tuning offer, and sends the easy share to the cheapest model of the large model's provider.
    cheapest_elsewhere = price("elsewhere", provider="Other AI", input_per_mtok=0.01, output_per_mtok=0.01)
    untuned = price("untuned", input_per_mtok=0.4, output_per_mtok=1.6)
    routed_case = scenario(requests_per_day=24_000, prompt_tokens=1_000, output_tokens=50, small_model_share=0.7)
    alone = costs.scenario_sketch(routed_case, "hybrid", [LARGE, untuned, cheapest_elsewhere])
    assert alone is not None and [price.id for price in alone.rows[0].prices] == ["untuned", "large"] and alone.rows[0].text == "$771"

    # No tuning offer: the prompted side is still priced and the tuned side says why it is not.
    unpriced = costs.scenario_sketch(case, "fine-tuning", [LARGE])
    assert unpriced is not None and [(row.option, row.text, row.prices) for row in unpriced.rows] == [("tuned", "not priced", ()), ("prompt", "$1,752", (LARGE,))]
    assert unpriced.break_even is None and any("No tuning offer has a price record yet" in line for line in unpriced.assumptions)


# --- the built pages (the session's fixture site, conftest.built) ---------------------------------


def test_the_calculator_page_shows_the_formula_the_tables_and_the_dated_prices(built: Path):
    page = read(built, "compare/calculator")
    text = page.text
    assert "Equal quality is the assumption most likely to be wrong" in text and "Tuned smaller model = training / months between retrainings" in text
    # The fixture prices: large-1 ($2 / $0.5 cached / $8, batch 50%) to prompt, small-1 ($5 training, $0.8 / $3.2 tuned) to tune.
    # Low volume, the worked example above without retrieval: $64, $40, $20, RAG $80, tuned $15.60.
    low = text.split("Low volume: 10,000 requests a month¶", 1)[1].split("Medium volume", 1)[0]  # ¶: the heading, not the table of contents
    for figure in ("$64.00", "$40.00", "$20.00", "$80.00", "$15.60", "Break-even of tuning: month 1, against prompt only, with prompt caching"):
        assert figure in low
    assert "large-1 (Example AI), price checked 2026-11-20, source" in low
    assert ("https://example.org/pricing", "source") in page.links
    assert "High volume: 10,000,000 requests a month" in text
    nav = [text for href, text in page.links if href.endswith("calculator/") or href == "./"]
    assert "Cost calculator" in nav
    html = (built / "compare/calculator/index.html").read_text(encoding="utf-8")
    data = json.loads(html.split('<script type="application/json" id="pof-calculator-data">', 1)[1].split("</script>", 1)[0])
    assert {price["id"] for price in data["prices"]} == {"example-large-model", "example-small-model"}
    assert data["defaults"]["prompt_model"] == "example-large-model" and data["texts"]["never"] == "never (within 36 months)"
    assert '<form class="pof-calc" data-pof-calculator hidden>' in html


def test_a_scenario_with_a_token_profile_prices_its_start_against_the_alternative(built: Path):
    page = read(built, "scenarios/labeller").text
    # 2,000,000 a day × 730 / 24 = 60,833,333 a month. Prompting large-1: (900 × $2 + 10 × $8) / M = $0.00188 → $114,367.
    # Tuned small-1: training 50,000 × (200 + 10) × 3 = 31.5M tokens × $5/M = $157.50, over 6 months $26.25;
    # inference (200 × $0.8 + 10 × $3.2) / M = $0.000192 → $11,680; $11,706 in all.
    assert "Cost sketch¶ At about 60,833,333 requests a month (2,000,000 a day), 900 prompt and 10 output tokens each" in page
    assert "Recommended start: Fine-tuning A tuned smaller model: Example AI small-1 (checked 2026-11-20) $11,706" in page
    assert "Main alternative Prompting a large model: Example AI large-1 (checked 2026-11-20) $114,367" in page
    assert "Break-even of tuning against prompting: month 1." in page and "Assumes equal quality" in page
    assert "Cost sketch" not in read(built, "scenarios/support-bot").text  # no token profile


def test_on_the_real_prices_a_tuned_start_is_sketched_against_prompting_with_the_tuned_side_unpriced(real_site: Path):
    # The real records hold no tuning offer yet: the prompted side of the sketch is priced, the tuned side says why it is not.
    page = read(real_site, "scenarios/fraud-review-triage").text
    assert "Cost sketch" in page
    assert "Recommended start: Hybrid" in page and "A tuned smaller model: no tuning offer recorded not priced" in page
    assert re.search(r"Main alternative Prompting a large model: \w[^$]* \(checked 20\d\d-\d\d-\d\d\) \$[\d,]+", page), page
    assert "No tuning offer has a price record yet" in page and "Break-even of tuning" not in page
