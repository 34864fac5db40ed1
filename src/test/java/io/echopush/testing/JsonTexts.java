package io.echopush.testing;

import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Arbitrary JSON values as text, the way hostile and careless clients write them: every character escaped or not,
 * pairs and lone surrogates, control characters, numbers with trailing zeros, exponents and many digits, nesting,
 * duplicate keys. Each knows whether UTF-8 can carry it exactly (no lone surrogate anywhere), which is what the
 * server must decide. Built from QuickTheories' generators only, so a failing value shrinks by itself.
 */
public final class JsonTexts {

    /** A JSON value's text and whether every string and key in it can be encoded as UTF-8. */
    public record Json(String text, boolean encodable) {
        @Override
        public String toString() {
            return text; // what a falsified property prints
        }
    }

    private JsonTexts() {
    }

    public static Gen<Json> values() {
        return values(4);
    }

    private static Gen<Json> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Gen<Json> inner = values(depth - 1);
        Gen<Json> arrays = lists().of(inner).ofSizeBetween(0, 4).map(items -> join("[", items, "]"));
        Gen<Json> members = strings().zip(inner,
                (key, value) -> new Json(key.text() + ":" + value.text(), key.encodable() && value.encodable()));
        Gen<Json> objects = lists().of(members).ofSizeBetween(0, 4).map(items -> join("{", items, "}"));
        return Generate.frequency(List.of(Pair.of(5, scalars()), Pair.of(2, arrays), Pair.of(2, objects)));
    }

    private static Json join(String open, List<Json> items, String close) {
        StringBuilder text = new StringBuilder(open);
        boolean encodable = true;
        for (int i = 0; i < items.size(); i++) {
            text.append(i == 0 ? "" : ",").append(items.get(i).text());
            encodable &= items.get(i).encodable();
        }
        return new Json(text.append(close).toString(), encodable);
    }

    public static Gen<Json> scalars() {
        return Generate.oneOf(strings(), numbers(), Generate.pick(List.of("true", "false", "null")).map(w -> new Json(w, true)));
    }

    /** Numbers whose exact text matters: trailing zeros, exponents, more digits than a double holds, minus zero. */
    static Gen<Json> numbers() {
        Gen<String> digits = lists().of(Generate.range(0, 9)).ofSizeBetween(1, 40).map(JsonTexts::digits)
                .map(d -> d.replaceFirst("^0+(?=\\d)", ""));
        Gen<String> fraction = lists().of(Generate.range(0, 9)).ofSizeBetween(0, 30)
                .map(f -> f.isEmpty() ? "" : "." + digits(f));
        // now and then an exponent no decimal holds, which must be refused, never fail the session
        Gen<Long> power = Generate.frequency(List.of(Pair.of(9, Generate.longRange(0, 500)),
                Pair.of(1, Generate.longRange(Integer.MAX_VALUE - 5L, 99_999_999_999L))));
        Gen<String> exponent = Generate.pick(List.of("", "", "", "e", "E", "e+", "E-", "e-"))
                .zip(power, (e, n) -> e.isEmpty() ? "" : e + n);
        return Generate.pick(List.of("", "-")).zip(digits, fraction, exponent,
                (sign, d, f, e) -> new Json(sign + d + f + e, true));
    }

    private static String digits(List<Integer> digits) {
        StringBuilder text = new StringBuilder();
        digits.forEach(text::append);
        return text.toString();
    }

    /**
     * JSON strings, each character escaped or not at random; most high surrogates get their low half, as real text
     * has them, the rest of the surrogates stay alone.
     */
    public static Gen<Json> strings() {
        Gen<Integer> character = Generate.frequency(List.of(
                Pair.of(20, Generate.range(' ', '~')),
                Pair.of(3, Generate.range(0, 0x1f)),
                Pair.of(4, Generate.range(0x80, 0xd7ff)),
                Pair.of(2, Generate.range(0xe000, 0xffff)),
                Pair.of(1, Generate.range(0xd800, 0xdfff))));
        Gen<int[]> choice = character.zip(Generate.range(0, 0xffff), (c, how) -> new int[] {c, how});
        return lists().of(choice).ofSizeBetween(0, 12).map(JsonTexts::quote);
    }

    private static Json quote(List<int[]> choices) {
        StringBuilder value = new StringBuilder();
        StringBuilder text = new StringBuilder("\"");
        for (int[] choice : choices) {
            char c = (char) choice[0];
            int how = choice[1];
            append(text, c, how);
            value.append(c);
            if (Character.isHighSurrogate(c) && how % 4 != 0) {
                char low = (char) (0xDC00 + how % 0x400);
                append(text, low, how);
                value.append(low);
            }
        }
        return new Json(text.append('"').toString(), StandardCharsets.UTF_8.newEncoder().canEncode(value));
    }

    private static void append(StringBuilder text, char c, int how) {
        if (c == '"' || c == '\\') {
            text.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c) || how % 8 == 0) {
            text.append(String.format(how % 2 == 0 ? "\\u%04x" : "\\u%04X", (int) c));
        } else {
            text.append(c);
        }
    }

    /**
     * Whether two trees are the same JSON value: numbers compared as numbers (RFC 8259 §6), so {@code 0e0} read as a
     * decimal and {@code 0} read as an integer are one value, while {@code 1.10} and {@code 1.2} are not.
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1, b);
    }
}
