package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MappingFile} reads every format and shape exactly, and refuses what it cannot read exactly, with where. */
class MappingFileTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private MappingFile read(String name, String text) throws IOException {
        return MappingFile.read(MappingSource.of(write(name, text)));
    }

    private MappingFile read(String name, String text, String keyField) throws IOException {
        return MappingFile.read(MappingSource.of(write(name, text)).withKeyField(keyField));
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // --- JSON ---

    @Test
    void jsonObjectOfScalarsKeepsEveryKindExactly() throws IOException {
        MappingFile file = read("status.json", """
                {"1": "ON_TIME", "2": 2, "3": 1.50, "4": true, "5": null, "6": 123456789012345678901234567890}
                """);
        assertThat(file.shape()).isEqualTo(MappingShape.SCALARS);
        assertThat(file.size()).isEqualTo(6);
        assertThat(file.find("1").value()).isEqualTo("ON_TIME");
        assertThat(file.find("2").value()).isEqualTo(2L);
        assertThat(file.find("3").value()).isEqualTo(new BigDecimal("1.50"));
        assertThat(((BigDecimal) file.find("3").value()).scale()).isEqualTo(2);
        assertThat(file.find("4").value()).isEqualTo(true);
        assertThat(file.find("5").value()).isNull();
        assertThat(file.find("6").value()).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(file.find("7")).isNull();
        assertThat(file.find("1").line()).isEqualTo(1);
    }

    @Test
    void jsonObjectOfObjects() throws IOException {
        MappingFile file = read("calendars.json", """
                {
                  "ROMA": {"calendar_id": "c-1", "calendar_name": "Roma"},
                  "MILANO": {"calendar_id": "c-2", "calendar_name": null}
                }
                """);
        assertThat(file.shape()).isEqualTo(MappingShape.OBJECTS);
        assertThat(file.find("ROMA").fields()).containsExactlyEntriesOf(fields("calendar_id", "c-1", "calendar_name", "Roma"));
        assertThat(file.find("MILANO").fields()).containsEntry("calendar_name", null);
        assertThat(file.find("MILANO").line()).isEqualTo(3);
        assertThat(file.fieldNames()).containsExactly("calendar_id", "calendar_name");
    }

    @Test
    void aMappingThatIsOneFieldOfTheFileIsReadFromThereAsTeamFoursCalendarsAre() throws IOException {
        Path calendars = write("calendars.json", """
                {
                  "calendari": {"ortodonzia": "cal-ortho"},
                  "prestazioni": {
                    "IGI01": {"descrizione": "Igiene", "calendario_id": "cal-hygiene"},
                    "ORT01": {"descrizione": "Ortodonzia", "calendario_id": "cal-ortho"}
                  },
                  "excluded_labels": ["PROVA"],
                  "special_labels": {"VIS": {"descrizione": "Visita", "under18": "cal-kids", "over18": "cal-adults"}},
                  "default_calendar_id": "cal-general"
                }
                """);
        MappingFile codes = MappingFile.read(MappingSource.of(calendars).withAt("prestazioni"));
        assertThat(codes.find("IGI01").fields()).containsEntry("calendario_id", "cal-hygiene");
        assertThat(codes.find("ORT01").line()).isEqualTo(5);
        assertThat(codes.size()).isEqualTo(2);
        assertThat(MappingFile.read(MappingSource.of(calendars).withAt("/special_labels")).find("VIS").fields())
                .containsEntry("under18", "cal-kids");
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(calendars).withAt("prestazione")))
                .hasMessageContaining("calendars.json (field prestazione)").hasMessageContaining("has no field prestazione");
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(calendars).withAt("default_calendar_id/x")))
                .hasMessageContaining("goes through text, not an object");
    }

    @Test
    void jsonArrayOfObjectsByKeyField() throws IOException {
        MappingFile file = read("operators.json", """
                [
                  {"alfadocs_id": 17, "ghl_user": "u-a", "name": "Anna"},
                  {"alfadocs_id": "X9", "ghl_user": "u-b", "name": "Bruno"}
                ]
                """, "alfadocs_id");
        assertThat(file.shape()).isEqualTo(MappingShape.OBJECTS);
        assertThat(file.find("17").fields()).containsExactlyEntriesOf(fields("alfadocs_id", 17L, "ghl_user", "u-a", "name", "Anna"));
        assertThat(file.find("X9").fields().get("ghl_user")).isEqualTo("u-b");
        assertThat(file.find("X9").line()).isEqualTo(3);
    }

    @Test
    void arrayNeedsItsKeyFieldInEveryObject() throws IOException {
        assertThatThrownBy(() -> read("a.json", "[{\"id\": 1}, {\"name\": \"x\"}]", "id"))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("a.json, line 1, column 13: the object has no key field 'id'");
        assertThatThrownBy(() -> read("b.json", "[{\"id\": null}]", "id"))
                .hasMessageContaining("the key field 'id' is null");
        assertThatThrownBy(() -> read("c.json", "[{\"id\": true}]", "id"))
                .hasMessageContaining("is a boolean");
        assertThatThrownBy(() -> read("d.json", "[{\"id\": 1}]"))
                .hasMessageContaining("array of objects: name the field that holds each entry's key");
        assertThatThrownBy(() -> read("e.json", "{\"a\": 1}", "id"))
                .hasMessageContaining("takes no key field");
        assertThatThrownBy(() -> read("f.json", "[1, 2]", "id"))
                .hasMessageContaining("each element of the array is an object, not a number");
    }

    @Test
    void duplicateKeysAreRefusedWithBothPlaces() throws IOException {
        assertThatThrownBy(() -> read("dup.json", """
                {
                  "ROMA": "c-1",
                  "MILANO": "c-2",
                  "ROMA": "c-3"
                }
                """))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("dup.json, line 4, column 3: duplicate key 'ROMA', first at line 2, column 3");
        assertThatThrownBy(() -> read("dup.json", "[\n{\"k\": \"a\"},\n{\"k\": \"a\"}\n]", "k"))
                .hasMessageContaining("line 3, column 1: duplicate key 'a', first at line 2");
        assertThatThrownBy(() -> read("dup.json", "[{\"k\": 1, \"v\": 1, \"v\": 2}]", "k"))
                .hasMessageContaining("field 'v' appears twice");
    }

    @Test
    void aNumberKeyAndTheSameTextAreOneKey() throws IOException {
        assertThatThrownBy(() -> read("dup.json", "[{\"k\": 1}, {\"k\": \"1\"}]", "k"))
                .hasMessageContaining("duplicate key '1'");
    }

    @Test
    void shapesCannotBeMixedNorNested() throws IOException {
        assertThatThrownBy(() -> read("mixed.json", "{\"a\": \"x\",\n \"b\": {\"f\": 1}}"))
                .hasMessageContaining("line 2, column 2: key 'b' maps to an object but key 'a' (line 1) maps to a value");
        assertThatThrownBy(() -> read("nested.json", "{\"a\": {\"f\": {\"g\": 1}}}"))
                .hasMessageContaining("line 1, column 13: a mapped value is text, a number, true, false or null, not an object");
        assertThatThrownBy(() -> read("list.json", "{\"a\": [1]}"))
                .hasMessageContaining("not a list");
        assertThatThrownBy(() -> read("scalar.json", "\"a\""))
                .hasMessageContaining("a mapping is an object of keys or an array of objects, not text");
    }

    @Test
    void emptyMappingsAreRefused() throws IOException {
        assertThatThrownBy(() -> read("empty.json", "{}")).hasMessageContaining("empty.json has no entries");
        assertThatThrownBy(() -> read("blank.json", "  \n")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> read("header.csv", "k,v\n", "k")).hasMessageContaining("has no entries");
        assertThatThrownBy(() -> read("zero.csv", "", "k")).hasMessageContaining("the file is empty");
    }

    @Test
    void invalidJsonNamesLineAndColumn() throws IOException {
        assertThatThrownBy(() -> read("bad.json", "{\n  \"a\": \"x\",\n  \"b\" \"y\"\n}"))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("bad.json, line 3, column")
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read("trailing.json", "{\"a\": 1} {\"b\": 2}"))
                .hasMessageContaining("more content after the mapping");
    }

    // --- YAML ---

    @Test
    void yamlShapes() throws IOException {
        MappingFile scalars = read("status.yaml", """
                # status codes
                1: ON_TIME
                2: AT_RISK
                3: 3.10
                """);
        assertThat(scalars.shape()).isEqualTo(MappingShape.SCALARS);
        assertThat(scalars.find("1").value()).isEqualTo("ON_TIME");
        assertThat(scalars.find("2").line()).isEqualTo(3);
        assertThat(scalars.find("3").value()).isEqualTo(new BigDecimal("3.10"));

        MappingFile objects = read("calendars.yml", """
                ROMA:
                  calendar_id: c-1
                  calendar_name: Roma
                MILANO:
                  calendar_id: c-2
                  calendar_name: Milano
                """);
        assertThat(objects.shape()).isEqualTo(MappingShape.OBJECTS);
        assertThat(objects.find("MILANO").fields()).containsExactlyEntriesOf(fields("calendar_id", "c-2", "calendar_name", "Milano"));
        assertThat(objects.find("MILANO").line()).isEqualTo(4);

        MappingFile array = read("operators.yaml", """
                - id: 7
                  user: u-7
                - id: 8
                  user: u-8
                """, "id");
        assertThat(array.find("8").fields()).containsExactlyEntriesOf(fields("id", 8L, "user", "u-8"));
        assertThat(array.find("8").line()).isEqualTo(3);
    }

    @Test
    void yamlDuplicatesAndNumbersNotInPlainDecimal() throws IOException {
        assertThatThrownBy(() -> read("dup.yaml", "a: 1\nb: 2\na: 3\n"))
                .hasMessageContaining("dup.yaml, line 3, column 1: duplicate key 'a', first at line 1");
        assertThatThrownBy(() -> read("code.yaml", "a: 0123\n"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("the number 0123 is not written in plain decimal")
                .hasMessageContaining("quote it");
        assertThat(read("quoted.yaml", "a: '0123'\n").find("a").value()).isEqualTo("0123");
        assertThatThrownBy(() -> read("two.yaml", "a: 1\n---\nb: 2\n")).hasMessageContaining("more content after the mapping");
        assertThatThrownBy(() -> read("bad.yaml", "a: 'open\nb: 2\n")).hasMessageContaining("not valid YAML");
    }

    @Test
    void yamlReadingsThatWouldChangeAValueUnseenAreRefused() throws IOException {
        assertThatThrownBy(() -> read("yes.yaml", "a: true\nb: no\n"))
                .hasMessageContaining("yes.yaml, line 2, column 4: 'no' would be read as the boolean false;"
                        + " write true or false, or quote it to keep it as text");
        assertThat(read("quoted.yaml", "a: 'no'\nb: True\n").entries())
                .extracting(MappingEntry::value).containsExactly("no", true);
        assertThatThrownBy(() -> read("alias.yaml", "a: &x foo\nb: *x\n"))
                .hasMessageContaining("alias.yaml, line 2, column 4: an alias (*x) is not read in a mapping file");
        assertThatThrownBy(() -> read("merge.yaml", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n"))
                .hasMessageContaining("line 3, column 7: an alias (*b)");
        assertThatThrownBy(() -> read("inf.yaml", "a: .inf\n")).hasMessageContaining("the number .inf has no exact decimal value");
        assertThatThrownBy(() -> read("binary.yaml", "a: !!binary aGVsbG8=\n")).hasMessageContaining("not binary data");
        assertThat(read("date.yaml", "a: 2024-01-01\n").find("a").value()).isEqualTo("2024-01-01");
    }

    // --- CSV ---

    @Test
    void csvWithQuotingAcrossLinesAndNulls() throws IOException {
        MappingFile file = read("calendars.csv", """
                branch,calendar_id,calendar_name
                ROMA,c-1,"Roma, centro"
                MILANO,c-2,"Milano ""Nord""
                seconda riga"
                TORINO,c-3,
                NAPOLI,c-4,""
                """, "branch");
        assertThat(file.shape()).isEqualTo(MappingShape.OBJECTS);
        assertThat(file.size()).isEqualTo(4);
        assertThat(file.find("ROMA").fields()).containsExactlyEntriesOf(
                fields("branch", "ROMA", "calendar_id", "c-1", "calendar_name", "Roma, centro"));
        assertThat(file.find("MILANO").fields().get("calendar_name")).isEqualTo("Milano \"Nord\"\nseconda riga");
        assertThat(file.find("TORINO").fields().get("calendar_name")).isNull();
        assertThat(file.find("NAPOLI").fields().get("calendar_name")).isEqualTo("");
        assertThat(file.find("TORINO").line()).isEqualTo(5);
    }

    @Test
    void csvWithBomAndCrlfAndNoFinalNewline() throws IOException {
        byte[] body = "\uFEFFid,name\r\n1,Anna\r\n2,Bruno".getBytes(StandardCharsets.UTF_8);
        assertThat(body[0]).isEqualTo((byte) 0xEF);
        MappingFile file = MappingFile.read(MappingSource.of(write("ops.csv", body)).withKeyField("id"));
        assertThat(file.fieldNames()).containsExactly("id", "name");
        assertThat(file.find("2").fields().get("name")).isEqualTo("Bruno");
        assertThat(file.find("1").fields().get("name")).isEqualTo("Anna");
    }

    @Test
    void jsonAndYamlWithBom() throws IOException {
        byte[] json = "\uFEFF{\"a\": \"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(MappingFile.read(MappingSource.of(write("bom.json", json))).find("a").value()).isEqualTo("x");
        byte[] yaml = "\uFEFFa: x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(MappingFile.read(MappingSource.of(write("bom.yaml", yaml))).find("a").value()).isEqualTo("x");
    }

    @Test
    void csvRefusesWhatRfc4180DoesNotAllow() throws IOException {
        assertThatThrownBy(() -> read("a.csv", "k,v\n1,\"open\n2,x\n", "k"))
                .hasMessageContaining("a.csv, line 2, column 3: the quoted field that starts here is never closed");
        assertThatThrownBy(() -> read("b.csv", "k,v\n1,\"x\"y\n", "k"))
                .hasMessageContaining("line 2, column 6: text after the closing quote");
        assertThatThrownBy(() -> read("c.csv", "k,v\n1,x\"y\n", "k"))
                .hasMessageContaining("line 2, column 4: a quote inside an unquoted field");
        assertThatThrownBy(() -> read("d.csv", "k,v\n1,x,z\n", "k"))
                .hasMessageContaining("line 2, column 1: the record has 3 fields, the header has 2");
        assertThatThrownBy(() -> read("e.csv", "k,v\n1,x\n\n2,y\n", "k"))
                .hasMessageContaining("line 3, column 1: the record is empty, the header has 2");
        assertThatThrownBy(() -> read("f.csv", "k,v\r1,x\n", "k"))
                .hasMessageContaining("line 1, column 4: a carriage return not followed by a line feed");
        assertThatThrownBy(() -> read("g.csv", "k,k\n1,x\n", "k"))
                .hasMessageContaining("line 1, column 3: header name 'k' appears twice (columns 1 and 2)");
        assertThatThrownBy(() -> read("h.csv", "k,\n1,x\n", "k"))
                .hasMessageContaining("header column 2 has no name");
        assertThatThrownBy(() -> read("i.csv", "k,v\n1,x\n", "id"))
                .hasMessageContaining("the key field 'id' is not in the header [k, v]");
        assertThatThrownBy(() -> read("j.csv", "k,v\n,x\n", "k"))
                .hasMessageContaining("line 2, column 1: the key field 'k' is empty");
        assertThatThrownBy(() -> read("k.csv", "k,v\n1,x\n"))
                .hasMessageContaining("a CSV mapping needs its key field");
    }

    @Test
    void csvDuplicateKeys() throws IOException {
        assertThatThrownBy(() -> read("dup.csv", "k,v\nROMA,1\nMILANO,2\nROMA,3\n", "k"))
                .hasMessageContaining("dup.csv, line 4, column 1: duplicate key 'ROMA', first at line 2, column 1");
    }

    // --- files ---

    @Test
    void nonUtf8FileIsRefusedWithTheLineOfItsFirstBadByte() throws IOException {
        byte[] latin1 = "{\n\"a\": \"Citt\u00e0\"\n}".getBytes(StandardCharsets.ISO_8859_1);
        Path file = write("latin1.json", latin1);
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(file)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("latin1.json, line 2: byte 0xE0 at byte 11 of the line is not UTF-8");
        byte[] cp1252 = "k,v\r\n1,ok\r\n2,\u20ac 5\r\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Path csv1252 = write("prices.csv", cp1252);
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(csv1252).withKeyField("k")))
                .hasMessageContaining("prices.csv, line 3: byte 0x80 at byte 3 of the line is not UTF-8");
        byte[] utf16 = "a,b\n".getBytes(StandardCharsets.UTF_16);
        Path csv = write("utf16.csv", utf16);
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(csv).withKeyField("a")))
                .hasMessageContaining("is UTF-16");
    }

    @Test
    void filesOverTheSizeLimitAreRefusedBeforeReading() throws IOException {
        Path file = write("big.json", "{\"a\": \"" + "x".repeat(200) + "\"}");
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(file).withMaxBytes(100)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("big.json is 209 bytes, over the limit of 100 bytes for a mapping file");
        assertThat(MappingFile.read(MappingSource.of(file).withMaxBytes(209)).size()).isEqualTo(1);
        assertThat(MappingSource.of(file).maxBytes()).isEqualTo(50L * 1024 * 1024);
        assertThatThrownBy(() -> MappingSource.of(file).withMaxBytes(0)).hasMessageContaining("at least 1 byte");
    }

    @Test
    void unreadableFiles() {
        assertThatThrownBy(() -> MappingFile.read(MappingSource.of(dir.resolve("nope.json"))))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("nope.json cannot be read: there is no such file");
        Path sub = dir.resolve("sub.json");
        assertThatThrownBy(() -> {
            Files.createDirectory(sub);
            MappingFile.read(MappingSource.of(sub));
        }).hasMessageContaining("sub.json cannot be read: it is a directory");
    }

    @Test
    void formatFromTheNameOrDeclared() throws IOException {
        assertThat(MappingFormat.ofFileName(Path.of("x.JSON"))).isEqualTo(MappingFormat.JSON);
        assertThat(MappingFormat.ofFileName(Path.of("x.yml"))).isEqualTo(MappingFormat.YAML);
        assertThat(MappingFormat.ofFileName(Path.of("dir/x.csv"))).isEqualTo(MappingFormat.CSV);
        assertThatThrownBy(() -> MappingSource.of(Path.of("x.txt")))
                .hasMessageContaining("x.txt: cannot tell its format from its name; name it .json, .yaml, .yml or .csv");
        Path txt = write("map.txt", "a: b\n");
        MappingSource yaml = new MappingSource(txt, MappingFormat.YAML, null, 1000);
        assertThat(MappingFile.read(yaml).find("a").value()).isEqualTo("b");
        assertThatThrownBy(() -> MappingFile.read(yaml.withFormat(MappingFormat.JSON))).hasMessageContaining("not valid JSON");
    }

    @Test
    void cacheReadsEachFileOncePerRun() throws IOException {
        Path file = write("once.json", "{\"a\": \"first\"}");
        MappingFileCache cache = new MappingFileCache();
        MappingFile first = cache.get(MappingSource.of(file));
        Files.writeString(file, "{\"a\": \"second\"}");
        assertThat(cache.get(MappingSource.of(dir.resolve("./once.json")))).isSameAs(first);
        assertThat(first.find("a").value()).isEqualTo("first");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(new MappingFileCache().get(MappingSource.of(file)).find("a").value()).isEqualTo("second");
    }

    @Test
    void aFailedReadIsNotCached() throws IOException {
        Path file = write("later.json", "{");
        MappingFileCache cache = new MappingFileCache();
        assertThatThrownBy(() -> cache.get(MappingSource.of(file))).isInstanceOf(TransformDefinitionException.class);
        Files.writeString(file, "{\"a\": 1}");
        assertThat(cache.get(MappingSource.of(file)).find("a").value()).isEqualTo(1L);
        assertThat(Arrays.asList(cache.size())).containsExactly(1);
    }
}
