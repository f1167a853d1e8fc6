package com.certyneo.slack.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.slackapi.SlackClient;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * More delivery workers on the test application's database, as other replicas of the service would run them: the
 * same beans, another lease owner. Their pipelines live as long as the test application.
 */
@ApplicationScoped
public class Replicas {

    @Inject
    DeliveryQueue queue;
    @Inject
    ChannelPacer pacer;
    @Inject
    SlackClient slackClient;
    @Inject
    TokenCipher cipher;
    @Inject
    InstallationRevoker revoker;
    @Inject
    ObjectMapper mapper;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    DeliveryConfig config;

    /** Another replica named {@code owner}, with the application's delivery settings. */
    public DeliveryDispatcher replica(String owner) {
        return replica(owner, config);
    }

    /** Another replica named {@code owner}, with {@code settings}. */
    public DeliveryDispatcher replica(String owner, DeliveryConfig settings) {
        return new DeliveryDispatcher(owner, queue, pacer, slackClient, cipher, revoker, mapper, metrics, settings);
    }
}
