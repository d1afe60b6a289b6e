package dev.rollout.core.conductor.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.deploy.DeployNotification.ClusterChange;
import dev.rollout.api.model.Commit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Slack message of a deploy notification: a plain {@code text} fallback line and Block Kit
 * {@code blocks} — a header saying what happened, a section with the message and request, then
 * one section per group of clusters that ran the same previous revision, listing the commits
 * since it as {@code `short-sha` subject} lines. Slack rejects a message over its limits, so the
 * rendering stays within them: at most {@value #MAX_BLOCKS} blocks, {@value #MAX_TEXT} characters
 * per text field, {@value #MAX_HEADER} per header, {@value #MAX_COMMITS} commits per group (the
 * rest counted as "and N more"). Pure and thread-safe.
 */
public final class SlackMessage {
    /** The most blocks Slack accepts in one message. */
    public static final int MAX_BLOCKS = 50;
    /** The most characters Slack accepts in a section's text. */
    public static final int MAX_TEXT = 3000;
    /** The most characters Slack accepts in a header's plain text. */
    public static final int MAX_HEADER = 150;
    /** The most commits listed per cluster group; the rest are counted. */
    public static final int MAX_COMMITS = 20;
    /** The longest commit subject shown; longer ones are cut with an ellipsis. */
    static final int MAX_SUBJECT = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {
    }

    /** The JSON body to post to an incoming webhook for {@code n}. */
    public static String render(DeployNotification n) {
        Objects.requireNonNull(n, "notification");
        ObjectNode body = JSON.createObjectNode();
        body.put("text", fallback(n));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text",
                cut(emoji(n.kind()) + " " + headline(n), MAX_HEADER)).put("emoji", true);
        section(blocks, summary(n));
        List<Group> groups = groups(n.clusters());
        // Header, summary and a possible "more clusters" line leave the rest for groups.
        int room = MAX_BLOCKS - blocks.size() - 1;
        for (int i = 0; i < groups.size(); i++) {
            if (i == room && groups.size() > room) {
                List<String> rest = new ArrayList<>();
                groups.subList(i, groups.size()).forEach(g -> rest.addAll(g.clusters));
                section(blocks, "_and " + rest.size() + " more clusters: "
                        + escape(String.join(", ", rest)) + "_");
                break;
            }
            section(blocks, groupText(groups.get(i), n.revision()));
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Slack message", e);
        }
    }

    /** The plain one-line summary, used as the {@code text} fallback (notifications, old clients). */
    public static String fallback(DeployNotification n) {
        String line = headline(n);
        if (!n.message().isBlank()) {
            line += ": " + n.message().strip();
        }
        return cut(line.replaceAll("\\s+", " "), MAX_TEXT);
    }

    /** What happened, in a few words, naming service, revision and environment. */
    static String headline(DeployNotification n) {
        String what = n.service() + " " + n.revision();
        String env = n.environment();
        return switch (n.kind()) {
            case STARTED -> "Deploying " + what + " to " + env;
            case FINISHED -> "Deployed " + what + " to " + env;
            case FAILED -> "Deploy of " + what + " to " + env + " failed";
            case ROLLED_BACK -> "Deploy of " + what + " to " + env + " failed and was rolled back";
            case REFUSED -> "Deploy of " + what + " to " + env + " refused";
            case SUPERSEDED -> "Deploy of " + what + " to " + env + " superseded";
            case WAITING_FOR_APPROVAL -> "Deploy of " + what + " to " + env + " waits for approval";
        };
    }

    private static String emoji(DeployNotification.Kind kind) {
        return switch (kind) {
            case STARTED -> ":rocket:";
            case FINISHED -> ":white_check_mark:";
            case FAILED -> ":x:";
            case ROLLED_BACK -> ":leftwards_arrow_with_hook:";
            case REFUSED -> ":no_entry:";
            case SUPERSEDED -> ":fast_forward:";
            case WAITING_FOR_APPROVAL -> ":hourglass_flowing_sand:";
        };
    }

    private static String summary(DeployNotification n) {
        StringBuilder s = new StringBuilder();
        s.append("*Service:* ").append(escape(n.service()))
                .append("   *Environment:* ").append(escape(n.environment()))
                .append("   *Revision:* `").append(code(n.revision())).append('`');
        if (!n.message().isBlank()) {
            s.append('\n').append(escape(n.message().strip()));
        }
        s.append("\n_request ").append(escape(n.requestId())).append(" at ").append(n.time()).append('_');
        return cut(s.toString(), MAX_TEXT);
    }

    /** Clusters that ran the same previous revision with the same commits share one list. */
    private static List<Group> groups(List<ClusterChange> clusters) {
        Map<List<Object>, Group> byKey = new LinkedHashMap<>();
        for (ClusterChange c : clusters) {
            List<Object> key = java.util.Arrays.asList(c.previousRevision(), c.commits());
            byKey.computeIfAbsent(key, k -> new Group(new ArrayList<>(), c.previousRevision(), c.commits()))
                    .clusters.add(c.cluster());
        }
        return List.copyOf(byKey.values());
    }

    private static String groupText(Group g, String revision) {
        StringBuilder head = new StringBuilder("*").append(escape(String.join(", ", g.clusters))).append("*");
        if (g.previous == null) {
            head.append(": first deploy");
        } else if (g.previous.equals(revision)) {
            head.append(": already on `").append(code(g.previous)).append('`');
        } else {
            head.append(": from `").append(code(g.previous)).append('`');
        }
        String top = cut(head.toString(), MAX_TEXT / 2);
        if (g.commits.isEmpty()) {
            return g.previous == null || g.previous.equals(revision) ? top : top + "\n_commits unknown_";
        }
        top += " (" + g.commits.size() + (g.commits.size() == 1 ? " commit)" : " commits)");
        StringBuilder text = new StringBuilder(top);
        int shown = 0;
        for (Commit c : g.commits) {
            String line = "\n`" + code(c.shortId()) + "` " + escape(cut(c.subject().strip(), MAX_SUBJECT));
            int left = g.commits.size() - shown - 1;
            // Keep room for the "and N more" line the rest would need.
            int reserve = left > 0 ? 32 : 0;
            if (shown == MAX_COMMITS || text.length() + line.length() + reserve > MAX_TEXT) {
                break;
            }
            text.append(line);
            shown++;
        }
        if (shown < g.commits.size()) {
            text.append("\n_and ").append(g.commits.size() - shown).append(" more_");
        }
        return text.toString();
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn, MAX_TEXT));
    }

    /** Slack's mrkdwn escapes: only {@code & < >} have to be escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text inside backticks: escaped, and a backtick would end the code span early. */
    private static String code(String s) {
        return escape(s.replace('`', '\''));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private record Group(List<String> clusters, String previous, List<Commit> commits) {
    }
}
