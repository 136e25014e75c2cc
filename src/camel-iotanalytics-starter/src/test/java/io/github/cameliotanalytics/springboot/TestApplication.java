package io.github.cameliotanalytics.springboot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application with the auto-configurations of the classpath (Camel's and the starter's) and no beans of its own. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
}
