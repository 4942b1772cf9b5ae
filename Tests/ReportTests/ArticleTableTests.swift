import TestFixtures
import Foundation
import Testing
import Analysis
@testable import Report

/// Exact expected output of the article table for `ArticleFixture` (figures checked by hand in
/// AnalysisTests/ArticleComparisonTests: labels, best-for picks, Pareto verdicts, per-dollar ratios).
@Suite struct ArticleTableTests {
    @Test func markdown() throws {
        let expected = #"""
        ## run run-a, 2025-01-02: models compared

        Run `run-a`.

        Simulated: results come from llmbench's built-in simulator, not a real provider.

        | | gpt-3.5-turbo | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|---:|
        | Requests planned | 30 | 30 | 30 |
        | Successful (n of cost and speed) | 30 | 29 | 30 |
        | Blended price, 3:1 ($/1M tokens) | $0.750 | $4.38 | $0.263 |
        | Cost per request, mean ($) | $0.000600 | $0.00400 | $0.000200 |
        | Relative cost | Low | High | Very Low |
        | TTFT p50 (ms) | 250.0 | 400.0 | 200.0 |
        | TTFO p50: answer starts (ms) | 250.0 | 400.0 | 200.0 |
        | E2E latency p50 (ms) | 1,200 | 2,000 | 1,000 |
        | E2E latency p95 (ms) | 3,000 | 4,000 | 1,500 |
        | Output speed per request p50 (vendor tokens/s) | 100.0 | 50.0 | 120.0 |
        | Relative speed: answer starts (TTFO p50) | Very Fast | Fast | Very Fast |
        | Relative speed: writes (output speed p50) | Very Fast | Moderate | Very Fast |
        | Thinking time p50 (TTFO − TTFT, ms) | — | — | — |
        | Reasoning tokens per request, mean | — | — | — |
        | Reasoning cost per request, mean ($) | — | — | — |
        | Reasoning share of cost | — | — | — |
        | Cache hit ratio (cached input ÷ input) | — | — | — |
        | Saved by prompt caching, total ($) | — | — | — |
        | Output tokens/s (aggregate) | 120.0 | 80.0 | 150.0 |
        | EM (qa) | — | 80.00 (n=10) | 60.00 (n=10) |
        | F1 (qa) | — | 90.00 (n=10) | 89.00 (n=10) |
        | ROUGE-L F (summarization) | 0.2500 | 0.3000 | 0.2900 |
        | BLEU (translation) | 32.00 | 35.00 | 33.00 |
        | chrF (translation) | 58.50 | 60.00 | 59.00 |
        | Context window (tokens) | 16,385 | 128,000 | 128,000 |

        **Best for** (the cheapest model, by mean cost per request, whose quality is within 2 points of the best; 0.02 on ROUGE):

        - qa: gpt-4o-mini (F1 89.00 at $0.000100 per request; best: gpt-4o 90.00)
        - summarization: gpt-4o-mini (ROUGE-L F 0.2900 at $0.000300 per request; best: gpt-4o 0.3000)
        - translation: gpt-3.5-turbo (chrF 58.50 at $0.000500 per request; best: gpt-4o 60.00)

        ### Quality per dollar and Pareto dominance

        | | gpt-3.5-turbo | gpt-4o | gpt-4o-mini |
        |:---|---:|---:|---:|
        | F1 per $ per 1k requests (qa) | — | 45.00 | 890.00 |
        | Cost per exactly matching answer (qa) ($) | — | $0.00250 | $0.000167 |
        | ROUGE-L F per $ per 1k requests (summarization) | 0.3125 | 0.0600 | 0.9667 |
        | chrF per $ per 1k requests (translation) | 117.00 | 15.00 | — |
        | Pareto (qa) | not compared | frontier | frontier |
        | Pareto (summarization) | dominated by gpt-4o-mini | frontier | frontier |
        | Pareto (translation) | frontier | frontier | not compared |

        Pareto: on (mean cost per request, e2e p95, quality) per dataset, a model is dominated when another is no worse on all three and better on at least one by more than the run's noise (a 95% bootstrap interval of the difference that excludes 0); ahead only by noise reads "within noise of"; "not compared" lacks one of the three.
        — = no value (e.g. a model with no price or no scored responses). Relative cost: ratio of mean cost per request to the cheapest model (≤ 1.5× Very Low, ≤ 3× Low, ≤ 10× Moderate, above High). Relative speed, on each model's ratio to the fastest (≤ 1.25× Very Fast, ≤ 2× Fast, ≤ 4× Moderate, above Slow): "answer starts" on TTFO p50, "writes" on output speed per request p50 in each vendor's own tokens (no o200k counts in this run). n: quality values are means over n scored responses; cost and speed over the successful requests.

        """#
        #expect(try ArticleTable.render(ArticleFixture.analysis, format: .markdown) == expected)
    }

    @Test func csv() throws {
        let expected = #"key,label,unit,gpt-3.5-turbo,gpt-4o,gpt-4o-mini\#r\#n"#
            + #"simulated,Simulated target,,true,true,true\#r\#n"#
            + #"label,Run label,,,,\#r\#n"#
            + #"date,Run date,,2025-01-02,2025-01-02,2025-01-02\#r\#n"#
            + #"requests,Requests planned,count,30,30,30\#r\#n"#
            + #"succeeded,Successful (n of cost and speed),count,30,29,30\#r\#n"#
            + #"catalog_status,Catalog status,label,current,current,current\#r\#n"#
            + #"blended_usd_per_1m_tokens,"Blended price, 3:1 ($/1M tokens)",USD,0.75,4.375,0.2625\#r\#n"#
            + #"cost_usd_per_request_mean,"Cost per request, mean ($)",USD,0.0006,0.004,0.0002\#r\#n"#
            + #"relative_cost,Relative cost,label,Low,High,Very Low\#r\#n"#
            + #"ttft_ms_p50,TTFT p50 (ms),ms,250,400,200\#r\#n"#
            + #"ttfo_ms_p50,TTFO p50: answer starts (ms),ms,250,400,200\#r\#n"#
            + #"e2e_ms_p50,E2E latency p50 (ms),ms,1200,2000,1000\#r\#n"#
            + #"e2e_ms_p95,E2E latency p95 (ms),ms,3000,4000,1500\#r\#n"#
            + #"request_output_tokens_per_s_p50,Output speed per request p50 (vendor tokens/s),tokens/s,100,50,120\#r\#n"#
            + #"relative_speed_answer_starts,Relative speed: answer starts (TTFO p50),label,Very Fast,Fast,Very Fast\#r\#n"#
            + #"relative_speed_writes,Relative speed: writes (output speed p50),label,Very Fast,Moderate,Very Fast\#r\#n"#
            + #"thinking_ms_p50,"Thinking time p50 (TTFO − TTFT, ms)",ms,,,\#r\#n"#
            + #"reasoning_tokens_mean,"Reasoning tokens per request, mean",tokens,,,\#r\#n"#
            + #"reasoning_cost_usd_per_request_mean,"Reasoning cost per request, mean ($)",USD,,,\#r\#n"#
            + #"reasoning_cost_share,Reasoning share of cost,ratio,,,\#r\#n"#
            + #"cache_hit_ratio,Cache hit ratio (cached input ÷ input),ratio,,,\#r\#n"#
            + #"cache_savings_usd_total,"Saved by prompt caching, total ($)",USD,,,\#r\#n"#
            + #"output_tokens_per_s,Output tokens/s (aggregate),tokens/s,120,80,150\#r\#n"#
            + #"exact_match_mean.qa,EM (qa),score,,80,60\#r\#n"#
            + #"f1_mean.qa,F1 (qa),score,,90,89\#r\#n"#
            + #"scored_requests.qa,Scored responses (qa),count,,10,10\#r\#n"#
            + #"rougeL_mean.summarization,ROUGE-L F (summarization),score,0.25,0.3,0.29\#r\#n"#
            + #"scored_requests.summarization,Scored responses (summarization),count,,,\#r\#n"#
            + #"bleu_mean.translation,BLEU (translation),score,32,35,33\#r\#n"#
            + #"chrf_mean.translation,chrF (translation),score,58.5,60,59\#r\#n"#
            + #"scored_requests.translation,Scored responses (translation),count,,,\#r\#n"#
            + #"context_window_tokens,Context window (tokens),count,16385,128000,128000\#r\#n"#
            + #"quality_per_usd_per_1k_requests.qa,F1 per $ per 1k requests (qa),score,,45,890\#r\#n"#
            + #"cost_usd_per_exact_match.qa,Cost per exactly matching answer (qa) ($),USD,,0.0025,0.00016666666666666666\#r\#n"#
            + #"best_for.qa,Best for qa (margin 2),label,,within_margin,best\#r\#n"#
            + #"pareto.qa,Pareto (qa),label,not_compared,frontier,frontier\#r\#n"#
            + #"quality_per_usd_per_1k_requests.summarization,ROUGE-L F per $ per 1k requests (summarization),score,0.3125,0.06,0.9666666666666667\#r\#n"#
            + #"best_for.summarization,Best for summarization (margin 0.02),label,,within_margin,best\#r\#n"#
            + #"pareto.summarization,Pareto (summarization),label,dominated_by:gpt-4o-mini,frontier,frontier\#r\#n"#
            + #"quality_per_usd_per_1k_requests.translation,chrF per $ per 1k requests (translation),score,117,15,\#r\#n"#
            + #"best_for.translation,Best for translation (margin 2),label,best,within_margin,within_margin\#r\#n"#
            + #"pareto.translation,Pareto (translation),label,frontier,frontier,not_compared\#r\#n"#
        #expect(try ArticleTable.render(ArticleFixture.analysis, format: .csv) == expected)
    }

    @Test func json() throws {
        let expected = #"""
        {
          "catalog_status": {
            "gpt-3.5-turbo": "current",
            "gpt-4o": "current",
            "gpt-4o-mini": "current"
          },
          "datasets": [
            {
              "best_for": {
                "best_model": "gpt-4o",
                "best_quality": 90,
                "cost_usd_per_request_mean": 0.0001,
                "model": "gpt-4o-mini",
                "quality": 89,
                "within_margin": [
                  "gpt-4o-mini",
                  "gpt-4o"
                ]
              },
              "cost_usd_per_exact_match": {
                "gpt-3.5-turbo": null,
                "gpt-4o": 0.0025,
                "gpt-4o-mini": 0.00016666666666666666
              },
              "dataset": "qa",
              "pareto": {
                "dominated": {},
                "frontier": [
                  "gpt-4o",
                  "gpt-4o-mini"
                ],
                "not_compared": [
                  "gpt-3.5-turbo"
                ],
                "within_noise": {}
              },
              "quality_margin": 2,
              "quality_metric": "f1_mean",
              "quality_per_usd_per_1k_requests": {
                "gpt-3.5-turbo": null,
                "gpt-4o": 45,
                "gpt-4o-mini": 890
              },
              "scored_requests": {
                "gpt-3.5-turbo": null,
                "gpt-4o": 10,
                "gpt-4o-mini": 10
              },
              "task": "qa"
            },
            {
              "best_for": {
                "best_model": "gpt-4o",
                "best_quality": 0.3,
                "cost_usd_per_request_mean": 0.0003,
                "model": "gpt-4o-mini",
                "quality": 0.29,
                "within_margin": [
                  "gpt-4o-mini",
                  "gpt-4o"
                ]
              },
              "dataset": "summarization",
              "pareto": {
                "dominated": {
                  "gpt-3.5-turbo": [
                    "gpt-4o-mini"
                  ]
                },
                "frontier": [
                  "gpt-4o",
                  "gpt-4o-mini"
                ],
                "not_compared": [],
                "within_noise": {}
              },
              "quality_margin": 0.02,
              "quality_metric": "rougeL_mean",
              "quality_per_usd_per_1k_requests": {
                "gpt-3.5-turbo": 0.3125,
                "gpt-4o": 0.06,
                "gpt-4o-mini": 0.9666666666666667
              },
              "scored_requests": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              },
              "task": "summarization"
            },
            {
              "best_for": {
                "best_model": "gpt-4o",
                "best_quality": 60,
                "cost_usd_per_request_mean": 0.0005,
                "model": "gpt-3.5-turbo",
                "quality": 58.5,
                "within_margin": [
                  "gpt-3.5-turbo",
                  "gpt-4o",
                  "gpt-4o-mini"
                ]
              },
              "dataset": "translation",
              "pareto": {
                "dominated": {},
                "frontier": [
                  "gpt-3.5-turbo",
                  "gpt-4o"
                ],
                "not_compared": [
                  "gpt-4o-mini"
                ],
                "within_noise": {}
              },
              "quality_margin": 2,
              "quality_metric": "chrf_mean",
              "quality_per_usd_per_1k_requests": {
                "gpt-3.5-turbo": 117,
                "gpt-4o": 15,
                "gpt-4o-mini": null
              },
              "scored_requests": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              },
              "task": "translation"
            }
          ],
          "date": "2025-01-02",
          "format_version": 1,
          "include_retired": false,
          "label": null,
          "models": [
            "gpt-3.5-turbo",
            "gpt-4o",
            "gpt-4o-mini"
          ],
          "quality_margin_points": 2,
          "relative_cost": {
            "gpt-3.5-turbo": "Low",
            "gpt-4o": "High",
            "gpt-4o-mini": "Very Low"
          },
          "relative_speed_answer_starts": {
            "gpt-3.5-turbo": "Very Fast",
            "gpt-4o": "Fast",
            "gpt-4o-mini": "Very Fast"
          },
          "relative_speed_writes": {
            "gpt-3.5-turbo": "Very Fast",
            "gpt-4o": "Moderate",
            "gpt-4o-mini": "Very Fast"
          },
          "rows": [
            {
              "key": "requests",
              "label": "Requests planned",
              "unit": "count",
              "values": {
                "gpt-3.5-turbo": 30,
                "gpt-4o": 30,
                "gpt-4o-mini": 30
              }
            },
            {
              "key": "succeeded",
              "label": "Successful (n of cost and speed)",
              "unit": "count",
              "values": {
                "gpt-3.5-turbo": 30,
                "gpt-4o": 29,
                "gpt-4o-mini": 30
              }
            },
            {
              "key": "blended_usd_per_1m_tokens",
              "label": "Blended price, 3:1 ($/1M tokens)",
              "unit": "USD",
              "values": {
                "gpt-3.5-turbo": 0.75,
                "gpt-4o": 4.375,
                "gpt-4o-mini": 0.2625
              }
            },
            {
              "key": "cost_usd_per_request_mean",
              "label": "Cost per request, mean ($)",
              "unit": "USD",
              "values": {
                "gpt-3.5-turbo": 0.0006,
                "gpt-4o": 0.004,
                "gpt-4o-mini": 0.0002
              }
            },
            {
              "key": "ttft_ms_p50",
              "label": "TTFT p50 (ms)",
              "unit": "ms",
              "values": {
                "gpt-3.5-turbo": 250,
                "gpt-4o": 400,
                "gpt-4o-mini": 200
              }
            },
            {
              "key": "ttfo_ms_p50",
              "label": "TTFO p50: answer starts (ms)",
              "unit": "ms",
              "values": {
                "gpt-3.5-turbo": 250,
                "gpt-4o": 400,
                "gpt-4o-mini": 200
              }
            },
            {
              "key": "e2e_ms_p50",
              "label": "E2E latency p50 (ms)",
              "unit": "ms",
              "values": {
                "gpt-3.5-turbo": 1200,
                "gpt-4o": 2000,
                "gpt-4o-mini": 1000
              }
            },
            {
              "key": "e2e_ms_p95",
              "label": "E2E latency p95 (ms)",
              "unit": "ms",
              "values": {
                "gpt-3.5-turbo": 3000,
                "gpt-4o": 4000,
                "gpt-4o-mini": 1500
              }
            },
            {
              "key": "request_output_tokens_per_s_p50",
              "label": "Output speed per request p50 (vendor tokens/s)",
              "unit": "tokens/s",
              "values": {
                "gpt-3.5-turbo": 100,
                "gpt-4o": 50,
                "gpt-4o-mini": 120
              }
            },
            {
              "key": "thinking_ms_p50",
              "label": "Thinking time p50 (TTFO − TTFT, ms)",
              "unit": "ms",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "reasoning_tokens_mean",
              "label": "Reasoning tokens per request, mean",
              "unit": "tokens",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "reasoning_cost_usd_per_request_mean",
              "label": "Reasoning cost per request, mean ($)",
              "unit": "USD",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "reasoning_cost_share",
              "label": "Reasoning share of cost",
              "unit": "ratio",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "cache_hit_ratio",
              "label": "Cache hit ratio (cached input ÷ input)",
              "unit": "ratio",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "cache_savings_usd_total",
              "label": "Saved by prompt caching, total ($)",
              "unit": "USD",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": null,
                "gpt-4o-mini": null
              }
            },
            {
              "key": "output_tokens_per_s",
              "label": "Output tokens/s (aggregate)",
              "unit": "tokens/s",
              "values": {
                "gpt-3.5-turbo": 120,
                "gpt-4o": 80,
                "gpt-4o-mini": 150
              }
            },
            {
              "key": "exact_match_mean.qa",
              "label": "EM (qa)",
              "unit": "score",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": 80,
                "gpt-4o-mini": 60
              }
            },
            {
              "key": "f1_mean.qa",
              "label": "F1 (qa)",
              "unit": "score",
              "values": {
                "gpt-3.5-turbo": null,
                "gpt-4o": 90,
                "gpt-4o-mini": 89
              }
            },
            {
              "key": "rougeL_mean.summarization",
              "label": "ROUGE-L F (summarization)",
              "unit": "score",
              "values": {
                "gpt-3.5-turbo": 0.25,
                "gpt-4o": 0.3,
                "gpt-4o-mini": 0.29
              }
            },
            {
              "key": "bleu_mean.translation",
              "label": "BLEU (translation)",
              "unit": "score",
              "values": {
                "gpt-3.5-turbo": 32,
                "gpt-4o": 35,
                "gpt-4o-mini": 33
              }
            },
            {
              "key": "chrf_mean.translation",
              "label": "chrF (translation)",
              "unit": "score",
              "values": {
                "gpt-3.5-turbo": 58.5,
                "gpt-4o": 60,
                "gpt-4o-mini": 59
              }
            },
            {
              "key": "context_window_tokens",
              "label": "Context window (tokens)",
              "unit": "count",
              "values": {
                "gpt-3.5-turbo": 16385,
                "gpt-4o": 128000,
                "gpt-4o-mini": 128000
              }
            }
          ],
          "run_id": "run-a",
          "simulated": true,
          "view": "article",
          "writes_metric": "request_output_tokens_per_s_p50"
        }

        """#
        #expect(try ArticleTable.render(ArticleFixture.analysis, format: .json) == expected)
    }

    @Test func realRunHasNoSimulatedNoticeAndJUnitIsRefused() throws {
        var a = ArticleFixture.analysis
        a.run.simulated = false
        #expect(!(try ArticleTable.render(a, format: .markdown)).contains("Simulated"))
        #expect(try ArticleTable.render(a, format: .csv).contains("simulated,Simulated target,,false,false,false"))
        #expect(throws: (any Error).self) { try ArticleTable.render(a, format: .junit) }
    }

    @Test func noValueIsADashNeverZero() throws {
        let md = try ArticleTable.render(ArticleFixture.analysis, format: .markdown)
        #expect(md.contains("| EM (qa) | — | 80.00 (n=10) | 60.00 (n=10) |"))
        #expect(md.contains("| chrF per $ per 1k requests (translation) | 117.00 | 15.00 | — |"))
    }
}
