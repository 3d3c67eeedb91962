package dev.kubelab.labs.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelab.labs.api.KubelabException;
import org.junit.jupiter.api.Test;

class RosterTest {

  @Test
  void readsAHeaderQuotedNamesAndOptionalEmails() {
    Roster r = Roster.parse("roster.csv", """
        Student ID,Name,Email
        s01,Ada Lovelace,ada@example.org
        # a comment, skipped

        S.02,"Hopper, Grace"
        s03,"Dana ""DJ"" Jones",
        """);
    assertThat(r.students()).extracting(Student::id).containsExactly("s01", "S.02", "s03");
    assertThat(r.students().get(1).name()).isEqualTo("Hopper, Grace");
    assertThat(r.students().get(1).email()).isNull();
    assertThat(r.students().get(2).name()).isEqualTo("Dana \"DJ\" Jones");
    assertThat(r.students().get(1).key()).isEqualTo("s-02");
  }

  @Test
  void everyBadRowIsReportedWithItsLineNumber() {
    assertThatThrownBy(() -> Roster.parse("roster.csv", """
        id,name,email
        s01,Ada
        bad id!,Bob
        s03,,c@example.org
        s04,Dee,not-an-email
        S01,Ada again
        s06
        s07,"unclosed
        """))
        .isInstanceOf(KubelabException.class)
        .satisfies(e -> assertThat(((KubelabException) e).exitCode()).isEqualTo(KubelabException.USAGE))
        .hasMessageContaining("6 problem(s); nothing was created")
        .hasMessageContaining("roster.csv:3: student id 'bad id!'")
        .hasMessageContaining("roster.csv:4: the student's name is empty")
        .hasMessageContaining("roster.csv:5: 'not-an-email' is not an email address")
        .hasMessageContaining("roster.csv:6: student id 'S01' is already used on line 2")
        .hasMessageContaining("roster.csv:7: expected student id, name and (optionally) email, found 1 column(s)")
        .hasMessageContaining("roster.csv:8: a quoted field is not closed");
  }

  @Test
  void anEmptyRosterIsAnError() {
    assertThatThrownBy(() -> Roster.parse("r.csv", "id,name\n\n")).hasMessageContaining("no students");
  }

  @Test
  void namespacesAreDns1123SafeAndShortenedWithAHash() {
    assertThat(Naming.namespace("k8s-101", "Ada.L_ovelace")).isEqualTo("class-k8s-101-ada-l-ovelace");
    String longId = "a".repeat(40);
    String ns = Naming.namespace("twenty-characters-xx", longId);
    assertThat(ns).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(Naming.namespace("twenty-characters-xx", longId)).isEqualTo(ns);
    assertThat(Naming.namespace("twenty-characters-xx", "b" + longId.substring(1))).isNotEqualTo(ns);
    assertThatThrownBy(() -> Naming.requireClassName("Bad_Name")).hasMessageContaining("lowercase");
  }
}
