package io.natscap.cap.messages;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * cap-senttime and cap-delaytime as CAP .NET writes them. Its publisher (ICapPublisher.Default.cs)
 * adds {@code DateTime.Now.ToString(CultureInfo.InvariantCulture)}, the local time as
 * {@code MM/dd/yyyy HH:mm:ss}, plus the delay for a delayed message, and the delay's
 * {@code TimeSpan.ToString()}, {@code [d.]hh:mm:ss[.fffffff]}. natscap before 0.1.0 wrote ISO-8601
 * ({@code 2026-12-03T19:15:42.123+01:00}, {@code PT5M}); both forms are read.
 */
class CapTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theSentTimeIsWrittenAsDotNetsInvariantCultureWritesALocalTime() {
        assertEquals("12/03/2026 19:15:42", CapTimes.sentTime(LocalDateTime.of(2026, 12, 3, 19, 15, 42, 987_000_000)));
        assertEquals("01/09/2027 07:05:03", CapTimes.sentTime(LocalDateTime.of(2027, 1, 9, 7, 5, 3)));
    }

    @Test
    void theSentTimeIsReadInCapsFormInTheReadersZoneAndInIsoForm() {
        assertEquals(Instant.parse("2026-12-03T18:15:42Z"), CapTimes.parseSentTime("12/03/2026 19:15:42", BERLIN));
        assertEquals(Instant.parse("2026-12-03T18:15:42.500Z"), CapTimes.parseSentTime("12/03/2026 19:15:42.5", BERLIN),
                "DateTime.Parse takes fractions too");
        assertEquals(Instant.parse("2026-12-03T18:15:42.123Z"), CapTimes.parseSentTime("2026-12-03T19:15:42.123+01:00", BERLIN));
        assertEquals(Instant.parse("2026-11-24T20:00:00Z"), CapTimes.parseSentTime("11/24/2026 20:00:00 +00:00", BERLIN),
                "a DateTimeOffset's text carries its offset");
        assertNull(CapTimes.parseSentTime("yesterday", BERLIN));
        assertNull(CapTimes.parseSentTime(null, BERLIN));
    }

    @Test
    void theDelayIsWrittenAsATimeSpan() {
        assertEquals("00:05:00", CapTimes.delayTime(Duration.ofMinutes(5)));
        assertEquals("00:00:03", CapTimes.delayTime(Duration.ofSeconds(3)));
        assertEquals("1.02:03:04", CapTimes.delayTime(Duration.parse("P1DT2H3M4S")));
        assertEquals("00:00:01.5000000", CapTimes.delayTime(Duration.ofMillis(1500)));
        assertEquals("00:00:00", CapTimes.delayTime(Duration.ZERO));
    }

    @Test
    void theDelayIsReadAsATimeSpanAndInIsoForm() {
        assertEquals(Duration.ofMinutes(5), CapTimes.parseDelayTime("00:05:00"));
        assertEquals(Duration.parse("P1DT2H3M4S"), CapTimes.parseDelayTime("1.02:03:04"));
        assertEquals(Duration.ofMillis(1500), CapTimes.parseDelayTime("00:00:01.5000000"));
        assertEquals(Duration.ofMinutes(5), CapTimes.parseDelayTime("PT5M"));
        assertNull(CapTimes.parseDelayTime("5 minutes"));
        assertNull(CapTimes.parseDelayTime("00:61:00"));
    }
}
