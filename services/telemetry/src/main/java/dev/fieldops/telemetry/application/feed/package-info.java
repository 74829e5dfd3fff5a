/**
 * Live alert changes for in-process watchers (the WatchAlerts stream). Handlers publish a batch's
 * alert changes after it committed and before the devices' evaluation locks are released, so a
 * watcher sees the changes of one device in commit order and never a change that was rolled back.
 */
package dev.fieldops.telemetry.application.feed;
