package io.fleetloop.audit.api.query;

import java.util.List;

/** Where a clip went: the datasets that contain it and the models trained on those. */
public record ClipLineage(ClipRef clip, List<String> datasets, List<String> models) {}
