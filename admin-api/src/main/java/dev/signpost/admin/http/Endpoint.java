package dev.signpost.admin.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers one route. May throw (the router maps the exception to a status) or return a stage that
 * completes exceptionally; must never block, since it runs on an event loop.
 */
@FunctionalInterface
public interface Endpoint {

  CompletionStage<ApiResponse> handle(ApiRequest request);
}
