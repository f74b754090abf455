package io.natscap.cap;

/** CAP's statuses of stored messages, spelled as CAP stores them. */
public enum MessageStatus {
    Failed,
    Scheduled,
    Succeeded,
    Delayed,
    Queued
}
