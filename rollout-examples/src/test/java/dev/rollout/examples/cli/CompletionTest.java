package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout completion bash}: the script is sourced in a real bash, and its completion
 * function, called as bash calls it (COMP_WORDS, COMP_CWORD), offers the commands and flags.
 */
class CompletionTest {
    @TempDir
    Path dir;

    private Path script;

    private List<String> complete(String... words) throws IOException, InterruptedException {
        if (script == null) {
            CliRunner.Result result = new CliRunner(dir).run("completion", "bash");
            assertThat(result.exitCode()).as(result.err()).isZero();
            script = dir.resolve("rollout-completion.bash");
            Files.writeString(script, result.out());
        }
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        // The function the script registers for "rollout", called the way bash's completion does.
        String program = "source '" + script + "' || exit 90\n"
                + "fn=$(complete -p rollout | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "[ -n \"$fn\" ] || exit 91\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "\"$fn\" rollout \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // Standard error only explains a failure: compopt warns outside an interactive completion.
        Path errors = dir.resolve("bash-errors.txt");
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectError(errors.toFile()).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output + Files.readString(errors)).isZero();
        return output.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void completesCommandsAndEachCommandsFlagsInBash() throws Exception {
        assertThat(complete("rollout", "si")).containsExactly("simulate");
        assertThat(complete("rollout", "simulate", "--j")).containsExactly("--json");
        assertThat(complete("rollout", "d")).containsExactlyInAnyOrder("demo", "deploy");
        assertThat(complete("rollout", "deploy", "--")).contains("--config", "--env", "--revision",
                "--first-deploy", "--dry-run", "--json", "--watch", "--help")
                .doesNotContain("--rollout");
        assertThat(complete("rollout", "run", "--kube")).containsExactly("--kubeconfig");
        assertThat(complete("rollout", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
    }

    @Test
    void zshGetsTheSameScript() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result zsh = cli.run("completion", "zsh");
        assertThat(zsh.exitCode()).isZero();
        // picocli's script turns on zsh's bash-completion emulation when zsh sources it.
        assertThat(zsh.out()).isEqualTo(cli.run("completion", "bash").out()).contains("bashcompinit");
    }
}
