namespace Assistant.Core.Surveys;

public sealed record SurveyStartOptions(string SurveyId);
