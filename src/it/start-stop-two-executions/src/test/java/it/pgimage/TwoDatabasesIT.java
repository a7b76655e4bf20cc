package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Two start executions, two databases, both up while the tests run: each reached through its execution's properties. */
class TwoDatabasesIT {

    @Test
    void eachExecutionsDatabaseAnswersOnItsOwn() throws Exception {
        String first = System.getProperty("pg.db1.jdbcUrl");
        String second = System.getProperty("pg.db2.jdbcUrl");
        assertNotEquals(first, second);
        assertEquals(second, System.getProperty("pg.jdbcUrl"), "the plain names are the last start's");

        try (Connection one = connect("db1"); Connection two = connect("db2");
             Statement s1 = one.createStatement(); Statement s2 = two.createStatement()) {
            assertEquals("one", single(s1, "SELECT current_database()"));
            assertEquals("two", single(s2, "SELECT current_database()"));
            // two servers, not two databases of one: what one holds, the other does not
            s1.execute("CREATE TABLE only_in_db1(x int)");
            assertEquals("0", single(s2, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_db1'"));
            assertNotEquals(single(s1, "SELECT system_identifier FROM pg_control_system()"),
                    single(s2, "SELECT system_identifier FROM pg_control_system()"));
        }
    }

    private static Connection connect(String execution) throws Exception {
        return DriverManager.getConnection(System.getProperty("pg." + execution + ".jdbcUrl"),
                System.getProperty("pg." + execution + ".username"), System.getProperty("pg." + execution + ".password"));
    }

    private static String single(Statement statement, String query) throws Exception {
        try (ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }
}
