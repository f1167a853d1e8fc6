package com.certyneo.slack.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layout of docs/architecture.md, enforced: entry points (admin API, Slack app, webhook intake) sit
 * on the core (installation, delivery, message), which sits on the clients and the vocabulary. A dependency
 * the other way, or a cycle, fails the build.
 */
class ArchitectureTest {

    private static final String ROOT = "com.certyneo.slack";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/local/"))
                .importPackages(ROOT);
    }

    @Test
    void layersDependOnlyDownwards() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("admin").definedBy(pkg("admin"))
                .layer("slackapp").definedBy(pkg("slackapp"))
                .layer("intake").definedBy(pkg("intake"))
                .layer("installation").definedBy(pkg("installation"))
                .layer("delivery").definedBy(pkg("delivery"))
                .layer("message").definedBy(pkg("message"))
                .layer("slackapi").definedBy(pkg("slackapi"))
                .layer("certyneoapi").definedBy(pkg("certyneoapi"))
                .layer("crypto").definedBy(pkg("crypto"))
                .layer("event").definedBy(pkg("event"))
                .layer("platform").definedBy(pkg("platform"))
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("intake").mayNotBeAccessedByAnyLayer()
                .whereLayer("slackapp").mayOnlyBeAccessedByLayers("admin")
                .whereLayer("installation").mayOnlyBeAccessedByLayers("admin", "slackapp")
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("admin", "slackapp", "intake", "installation")
                .whereLayer("message").mayOnlyBeAccessedByLayers("admin", "slackapp", "installation", "delivery")
                .whereLayer("certyneoapi").mayOnlyBeAccessedByLayers("slackapp")
                .whereLayer("slackapi")
                .mayOnlyBeAccessedByLayers("admin", "slackapp", "installation", "delivery", "message")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("slackapp", "installation", "delivery")
                .whereLayer("event")
                .mayOnlyBeAccessedByLayers("admin", "slackapp", "intake", "installation", "delivery", "message");
        rule.check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void platformDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage(pkg("platform")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("admin"), pkg("slackapp"), pkg("intake"), pkg("installation"),
                        pkg("delivery"), pkg("message"), pkg("slackapi"), pkg("certyneoapi"), pkg("crypto"),
                        pkg("event"))
                .check(main);
    }

    @Test
    void everyClassBelongsToAFeaturePackage() {
        classes().should().resideInAnyPackage(pkg("admin"), pkg("slackapp"), pkg("intake"), pkg("installation"),
                pkg("delivery"), pkg("message"), pkg("slackapi"), pkg("certyneoapi"), pkg("crypto"), pkg("event"),
                pkg("platform")).check(main);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }
}
