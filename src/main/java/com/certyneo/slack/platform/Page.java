package com.certyneo.slack.platform;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Lists answer {@code {"items": [...], "next_cursor": "…" | null}}. */
@RegisterForReflection
public record Page<T>(List<T> items, @JsonProperty("next_cursor") String nextCursor) {
}
