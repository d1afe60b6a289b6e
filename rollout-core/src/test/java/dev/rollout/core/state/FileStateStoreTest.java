package dev.rollout.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.spi.StateStore.Stored;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
    @TempDir
    Path dir;

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewInstanceOnTheSameDirectoryResumesWhereTheLastStopped() {
        FileStateStore before = new FileStateStore(dir);
        long version = before.put("default/app", "{\"step\":3}", 0);
        version = before.put("default/app", "{\"step\":4}", version);

        FileStateStore after = new FileStateStore(dir);

        assertThat(after.get("default/app")).contains(new Stored("default/app", "{\"step\":4}", version));
        assertThat(after.put("default/app", "{\"step\":5}", version)).isEqualTo(version + 1);
    }

    @Test
    void theDirectoryIsCreatedWhenMissing() {
        FileStateStore store = new FileStateStore(dir.resolve("a/b"));

        store.put("k", "v", 0);

        assertThat(Files.isRegularFile(dir.resolve("a/b/k.json"))).isTrue();
    }

    @Test
    void oneReadableFilePerKeyAndNoTemporaryFilesAreLeft() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        long version = store.put("default/app", "doc", 0);
        store.put("default/app", "doc 2", version);
        store.put("Other", "x", 0);
        long gone = store.put("gone", "x", 0);
        store.delete("gone", gone);

        assertThat(fileNames()).containsExactly("%4Fther.json", ".lock", "default%2Fapp.json");
        assertThat(Files.readString(dir.resolve("default%2Fapp.json")))
                .contains("\"key\" : \"default/app\"", "\"version\" : 2", "\"document\" : \"doc 2\"");
    }

    @Test
    void temporaryFilesOfAnInterruptedWriteAreDeletedOnOpen() throws IOException {
        Files.writeString(dir.resolve(".app.json.12345.tmp"), "{\"key\":");

        new FileStateStore(dir).put("app", "x", 0);

        assertThat(fileNames()).containsExactly(".lock", "app.json");
    }

    @Test
    void aCorruptDocumentIsReportedWithItsFile() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        store.put("default/app", "doc", 0);
        Path file = dir.resolve("default%2Fapp.json");
        Files.writeString(file, "{\"key\": \"default/app\", \"version\": 1, \"docu", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.get("default/app"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("corrupt state document")
                .hasMessageContaining(file.toString());
        assertThatThrownBy(store::list).hasMessageContaining(file.toString());
        assertThatThrownBy(() -> store.put("default/app", "new", 1))
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).endsWith("\"docu");
    }

    @Test
    void aDocumentMissingAFieldNamesTheField() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        Files.writeString(dir.resolve("app.json"), "{\"key\": \"app\", \"document\": \"x\"}");

        assertThatThrownBy(() -> store.get("app"))
                .hasMessageContaining("app.json").hasMessageContaining("'version'");
    }

    @Test
    void aDocumentUnderAnotherKeysFileIsCorrupt() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        Files.writeString(dir.resolve("app.json"),
                "{\"key\": \"other\", \"version\": 1, \"document\": \"x\"}");

        assertThatThrownBy(() -> store.get("app"))
                .hasMessageContaining("app.json").hasMessageContaining("'other'");
    }

    @Test
    void longKeysGetShortDistinctFileNames() throws IOException {
        FileStateStore store = new FileStateStore(dir);
        String base = "ns/" + "very-long-service-name-".repeat(20);
        store.put(base + "a", "a", 0);
        store.put(base + "b", "b", 0);

        assertThat(fileNames()).hasSize(3).allSatisfy(name -> assertThat(name).hasSizeLessThan(200));
        assertThat(store.get(base + "a")).map(Stored::document).contains("a");
        assertThat(store.get(base + "b")).map(Stored::document).contains("b");
    }

    @Test
    void aDirectoryThatIsAFileIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new FileStateStore(file))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not-a-dir");
    }
}
