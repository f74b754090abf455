package io.natscap.cap.messages;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place for CAP's text forms of times, in the headers cap-senttime and cap-delaytime.
 * CAP .NET writes {@code DateTime.Now.ToString(CultureInfo.InvariantCulture)}: the writer's local
 * time, {@code MM/dd/yyyy HH:mm:ss}, without a zone (a reader can only take it in its own zone);
 * and a delay as {@code TimeSpan.ToString()}: {@code [d.]hh:mm:ss[.fffffff]}. Both are read, and so
 * is the ISO-8601 that natscap wrote before.
 */
public final class CapTimes {

    private static final String CAP_SENT_TIME_PATTERN = "MM/dd/yyyy HH:mm:ss";
    private static final DateTimeFormatter CAP_SENT_TIME = DateTimeFormatter.ofPattern(CAP_SENT_TIME_PATTERN, Locale.ROOT);
    /** As written, or with a fraction, which DateTime.Parse takes too. */
    private static final DateTimeFormatter CAP_SENT_TIME_READ = new DateTimeFormatterBuilder()
            .appendPattern(CAP_SENT_TIME_PATTERN)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern TRAILING_OFFSET = Pattern.compile("(.*) ([+-]\\d{2}:\\d{2})");
    /** TimeSpan's constant ("c") form. */
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");
    private static final int TICKS_DIGITS = 7;

    private CapTimes() {
    }

    /** cap-senttime for a message sent (or, when delayed, due) at this local time. */
    public static String sentTime(LocalDateTime local) {
        return CAP_SENT_TIME.format(local);
    }

    /**
     * cap-senttime read: CAP's form taken in {@code zone} (or at the offset that a DateTimeOffset's
     * text adds, {@code 11/24/2026 20:00:00 +00:00}), or ISO-8601 with an offset; null when none.
     */
    public static Instant parseSentTime(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        try {
            Matcher withOffset = TRAILING_OFFSET.matcher(text.trim());
            if (withOffset.matches()) {
                return LocalDateTime.parse(withOffset.group(1), CAP_SENT_TIME_READ).atOffset(ZoneOffset.of(withOffset.group(2)))
                        .toInstant();
            }
            return LocalDateTime.parse(text.trim(), CAP_SENT_TIME_READ).atZone(zone).toInstant();
        } catch (DateTimeParseException notCaps) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** cap-delaytime: a TimeSpan's text, fractions in ticks (100 ns) only when there are any. */
    public static String delayTime(Duration delay) {
        long days = delay.toDays();
        String text = (days > 0 ? days + "." : "")
                + String.format(Locale.ROOT, "%02d:%02d:%02d", delay.toHoursPart(), delay.toMinutesPart(), delay.toSecondsPart());
        long ticks = delay.toNanosPart() / 100;
        return ticks == 0 ? text : text + "." + String.format(Locale.ROOT, "%0" + TICKS_DIGITS + "d", ticks);
    }

    /** cap-delaytime read: a TimeSpan's text or ISO-8601 ({@code PT5M}); null when neither. */
    public static Duration parseDelayTime(String text) {
        if (text == null) {
            return null;
        }
        Matcher span = TIME_SPAN.matcher(text.trim());
        if (span.matches()) {
            int hours = Integer.parseInt(span.group(2));
            int minutes = Integer.parseInt(span.group(3));
            int seconds = Integer.parseInt(span.group(4));
            if (hours > 23 || minutes > 59 || seconds > 59) {
                return null;
            }
            String fraction = span.group(5) == null ? "0" : (span.group(5) + "000000").substring(0, TICKS_DIGITS);
            return Duration.ofDays(span.group(1) == null ? 0 : Long.parseLong(span.group(1)))
                    .plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                    .plusNanos(Long.parseLong(fraction) * 100);
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException neither) {
            return null;
        }
    }
}
