import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { Analysis1764100000000 } from './1764100000000-Analysis';
import { Metrics1764200000000 } from './1764200000000-Metrics';
import { ImportStaging1764300000000 } from './1764300000000-ImportStaging';
import { Access1764400000000 } from './1764400000000-Access';
import { SemanticSignals1764500000000 } from './1764500000000-SemanticSignals';
import { Sources1764600000000 } from './1764600000000-Sources';
import { Retention1764700000000 } from './1764700000000-Retention';
import { AnalysisParts1764800000000 } from './1764800000000-AnalysisParts';
import { DataVersion1764900000000 } from './1764900000000-DataVersion';
import { AnalysisHeartbeat1765000000000 } from './1765000000000-AnalysisHeartbeat';
import { ImportedTextDeleted1765100000000 } from './1765100000000-ImportedTextDeleted';
import { SourceRunNotes1765200000000 } from './1765200000000-SourceRunNotes';
import { SignInAttempts1765300000000 } from './1765300000000-SignInAttempts';
import { OneHandoffRule1765400000000 } from './1765400000000-OneHandoffRule';
import { BotIntents1765500000000 } from './1765500000000-BotIntents';
import { BotPredictions1765600000000 } from './1765600000000-BotPredictions';
import { ReturningCustomers1765700000000 } from './1765700000000-ReturningCustomers';
import { BehaviourFacts1765800000000 } from './1765800000000-BehaviourFacts';
import { OneAnalysisAtATime1765900000000 } from './1765900000000-OneAnalysisAtATime';
import { JourneyFacts1766000000000 } from './1766000000000-JourneyFacts';
import { JourneyTotals1766100000000 } from './1766100000000-JourneyTotals';
import { Alerts1766200000000 } from './1766200000000-Alerts';
import { MessageReadsIndex1766300000000 } from './1766300000000-MessageReadsIndex';
import { CoveringMetricReads1766400000000 } from './1766400000000-CoveringMetricReads';
import { MessageDays1766500000000 } from './1766500000000-MessageDays';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [InitialSchema1764000000000, Analysis1764100000000, Metrics1764200000000, ImportStaging1764300000000, Access1764400000000, SemanticSignals1764500000000, Sources1764600000000, Retention1764700000000, AnalysisParts1764800000000, DataVersion1764900000000, AnalysisHeartbeat1765000000000, ImportedTextDeleted1765100000000, SourceRunNotes1765200000000, SignInAttempts1765300000000, OneHandoffRule1765400000000, BotIntents1765500000000, BotPredictions1765600000000, ReturningCustomers1765700000000, BehaviourFacts1765800000000, OneAnalysisAtATime1765900000000, JourneyFacts1766000000000, JourneyTotals1766100000000, Alerts1766200000000, MessageReadsIndex1766300000000, CoveringMetricReads1766400000000, MessageDays1766500000000];
