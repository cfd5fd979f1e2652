package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.loader.ConfigProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * Generated YAML line by line with each problem under the line it is about, as the wizard shows
 * it before anything is stored.
 *
 * @param unlocated problems that name no line of the text
 */
public record YamlCheck(String yaml, List<Line> lines, List<String> unlocated) {
    public record Line(int number, String text, List<String> problems) {
    }

    public static YamlCheck of(String yaml, List<ConfigProblem> problems) {
        String[] texts = yaml.split("\n", -1);
        List<Line> lines = new ArrayList<>();
        List<String> unlocated = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            if (i == texts.length - 1 && texts[i].isEmpty()) {
                break;
            }
            int number = i + 1;
            lines.add(new Line(number, texts[i], problems.stream().filter(problem -> problem.line() == number)
                    .map(YamlCheck::describe).toList()));
        }
        for (ConfigProblem problem : problems) {
            if (problem.line() < 1 || problem.line() > lines.size()) {
                unlocated.add(describe(problem));
            }
        }
        return new YamlCheck(yaml, lines, unlocated);
    }

    public boolean valid() {
        return unlocated.isEmpty() && lines.stream().allMatch(line -> line.problems().isEmpty());
    }

    private static String describe(ConfigProblem problem) {
        return (problem.field() == null || problem.field().isEmpty() ? "" : problem.field() + ": ") + problem.message();
    }
}
